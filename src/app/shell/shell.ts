import { BreakpointObserver, Breakpoints } from '@angular/cdk/layout';
import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';
import { AppConfig } from '../core/config/app-config';
import { ROLE_LABELS } from '../core/auth/roles';
import { Session } from '../core/auth/session';
import { Theme } from '../core/theme/theme';
import { UnreachableBanner } from '../core/backend/unreachable-banner';
import { backendHas } from '../core/routing/feature-needs';
import { navEntries, type NavEntry } from '../core/routing/feature-routes';
import { DiscoveryState } from '../discovery/discovery-state';
import { modelLabel } from '../discovery/model-route-guards';
import { JobDock } from '../jobs/job-dock';
import { guardUnload } from '../jobs/unload-guard';
import { WorkInProgress } from '../jobs/work-in-progress';
import { SignOutDialog, type SignOutChoice } from './sign-out-dialog';

/**
 * Header (toolbar with user, role, theme, sign out; the unreachable banner), side navigation
 * derived from the routes, and the routed page. Fits 320 px: screens inherit it.
 */
@Component({
  selector: 'app-shell',
  imports: [
    JobDock,
    MatButtonModule,
    MatIconModule,
    MatListModule,
    MatMenuModule,
    MatSidenavModule,
    MatToolbarModule,
    MatTooltipModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    UnreachableBanner,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  protected readonly session = inject(Session);
  protected readonly theme = inject(Theme);
  private readonly config = inject(AppConfig);
  private readonly document = inject(DOCUMENT);
  private readonly work = inject(WorkInProgress);
  private readonly dialog = inject(MatDialog);

  protected readonly handset = toSignal(
    inject(BreakpointObserver)
      .observe(Breakpoints.Handset)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  private readonly discovery = inject(DiscoveryState);
  private readonly navAll = navEntries(inject(Router).config);
  /**
   * The routes' entries the backend has and the role may open, with one entry per discovered model
   * with file fields that the groups may read, where the routes put them (a model a page of its own
   * looks after, such as Song for /songs, keeps that page's entry only).
   */
  protected readonly navItems = computed(() => {
    const state = this.config.state();
    const outputs = state.status === 'ready' ? state.outputs : undefined;
    const present = this.navAll.filter((entry) => !entry.needs || backendHas(outputs, entry.needs));
    const dedicated = new Set(present.flatMap((entry) => entry.needs?.fileFields?.map((f) => f.model) ?? []));
    return present
      .flatMap((entry) => (entry.perModel ? this.modelEntries(entry, dedicated) : [entry]))
      .filter((entry) => !entry.permission || this.session.can(entry.permission));
  });
  protected readonly roleLabel = computed(() => {
    // Another app's groups are its roles: shown by name.
    const roles = this.session.roles();
    const groups = this.session.groups();
    return roles.length ? roles.map((r) => ROLE_LABELS[r]).join(', ') : groups.join(', ') || 'No role';
  });
  protected readonly backendLabel = computed(() => {
    const state = this.config.state();
    return state.status === 'ready' ? (state.local ? 'Local backend' : `AWS ${state.region ?? ''}`.trim()) : '';
  });

  protected readonly themeLabel = computed(() =>
    this.theme.isDark() ? 'Switch to light theme' : 'Switch to dark theme',
  );

  private modelEntries(entry: NavEntry, dedicated: ReadonlySet<string>): NavEntry[] {
    return this.discovery
      .fileModels()
      .filter((model) => !dedicated.has(model.name) && this.discovery.permissions(model.name).read !== 'none')
      .map((model) => ({
        path: entry.path.replace(':model', encodeURIComponent(model.name)),
        label: modelLabel(model.name, model.pluralName),
        icon: entry.icon,
      }));
  }

  /** The skip link moves focus to the page, not just the scroll position. */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.document.getElementById('main')?.focus();
  }

  constructor() {
    guardUnload();
  }

  /** While bulk jobs or uploads run, asks first: wait, or stop them and sign out. */
  protected signOut(): void {
    if (!this.work.busy()) {
      void this.session.signOut();
      return;
    }
    this.dialog
      .open<SignOutDialog, unknown, SignOutChoice>(SignOutDialog, { width: '480px', maxWidth: 'calc(100vw - 32px)' })
      .afterClosed()
      .subscribe((choice) => {
        if (choice === 'sign-out') void this.session.signOut();
      });
  }
}

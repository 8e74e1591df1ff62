import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { firstValueFrom } from 'rxjs';
import { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit-event';
import { Session } from '../core/auth/session';
import { ROLES, ROLE_LABELS, type Role } from '../core/auth/roles';
import { Notifier } from '../core/notify/notifier';
import { TokenPages } from '../shared/token-pages';
import { TokenPager } from '../shared/token-pager';
import { InviteDialog } from './invite-dialog';
import { lockoutFor } from './lockout';
import { RemoveUserDialog } from './remove-dialog';
import { USER_API, type ManagedUser } from './user-api';

export const USERS_PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 300;

/** The Users page (ADMINS): who has access, in which role; invite, change role, disable, remove. */
@Component({
  selector: 'app-users-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    MatTableModule,
    MatTooltipModule,
    TokenPager,
  ],
  templateUrl: './users-page.html',
  styleUrl: './users-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly api = inject(USER_API);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly session = inject(Session);
  private readonly audit = inject(AuditLog);

  protected readonly roles = ROLES;
  protected readonly labels = ROLE_LABELS;
  protected readonly columns = ['email', 'status', 'role', 'created', 'enabled', 'actions'];
  protected readonly users = signal<ManagedUser[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal('');
  protected readonly search = signal('');
  protected readonly busy = signal<string | null>(null);
  protected readonly pages = new TokenPages();
  private searchTimer?: ReturnType<typeof setTimeout>;
  private loadCount = 0;

  /** ADMINS counted only when the whole pool is on this page (no search, one page). */
  private readonly knownAdmins = computed(() =>
    !this.search() && this.pages.pageNumber() === 1 && !this.pages.nextToken()
      ? this.users().filter((u) => u.role === 'ADMINS').length
      : null,
  );
  protected readonly rows = computed(() => {
    const user = this.session.user();
    const me = user ? { username: user.username, userId: user.userId } : null;
    return this.users().map((u) => ({ user: u, lockout: lockoutFor(u, me, this.knownAdmins()) }));
  });

  constructor() {
    void this.load();
  }

  protected onSearch(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.search.set(value.trim());
      this.pages.restart();
      void this.load();
    }, SEARCH_DELAY_MS);
  }

  protected async invite(): Promise<void> {
    const ref = this.dialog.open<InviteDialog, unknown, ManagedUser>(InviteDialog, { autoFocus: 'first-tabbable' });
    const created = await firstValueFrom(ref.afterClosed());
    if (!created) return;
    this.audit.record({
      action: 'user_invite',
      recordId: created.username,
      after: { email: created.email, role: created.role },
      result: 'invited',
    });
    this.notifier.success(`${created.email} invited as ${created.role ? ROLE_LABELS[created.role] : 'no role'}`);
    await this.load();
  }

  protected setRole(user: ManagedUser, role: Role): Promise<void> {
    return this.act(user, () => this.api.setRole(user.username, role), `${user.email} is now ${ROLE_LABELS[role]}`, {
      action: 'user_role',
      before: { email: user.email, role: user.role },
      after: { email: user.email, role },
    });
  }

  protected toggleEnabled(user: ManagedUser): Promise<void> {
    const email = user.email;
    return user.enabled
      ? this.act(user, () => this.api.disable(user.username), `${email} is disabled and signed out`, {
          action: 'user_disable',
          before: { email, enabled: true },
          after: { email, enabled: false },
        })
      : this.act(user, () => this.api.enable(user.username), `${email} can sign in again`, {
          action: 'user_enable',
          before: { email, enabled: false },
          after: { email, enabled: true },
        });
  }

  protected async remove(user: ManagedUser): Promise<void> {
    const ref = this.dialog.open<RemoveUserDialog, ManagedUser, boolean>(RemoveUserDialog, { data: user });
    if (!(await firstValueFrom(ref.afterClosed()))) {
      await this.load(); // removed by someone else meanwhile: the list shows it
      return;
    }
    this.audit.record({
      action: 'user_remove',
      recordId: user.username,
      before: { email: user.email, role: user.role },
      result: 'removed',
    });
    this.notifier.success(`${user.email} removed`);
    await this.load();
  }

  protected label(role: Role | null): string {
    return role ? ROLE_LABELS[role] : 'No role';
  }

  private async act(
    user: ManagedUser,
    call: () => Promise<ManagedUser>,
    done: string,
    audit: Omit<AuditEntry, 'recordId'>,
  ): Promise<void> {
    this.busy.set(user.username);
    try {
      const updated = await call();
      this.users.update((list) => list.map((u) => (u.username === updated.username ? updated : u)));
      this.audit.record({ ...audit, recordId: user.username, result: 'done' });
      this.notifier.success(done);
    } catch (err) {
      this.notifier.error(err);
      await this.load(); // what is true now (e.g. the person was removed by someone else)
    } finally {
      this.busy.set(null);
    }
  }

  protected async load(): Promise<void> {
    const count = ++this.loadCount;
    this.loading.set(true);
    try {
      const page = await this.api.list({
        search: this.search() || undefined,
        limit: USERS_PAGE_SIZE,
        nextToken: this.pages.current(),
      });
      if (count !== this.loadCount) return; // a newer search or page won
      this.users.set(page.users);
      this.pages.nextToken.set(page.nextToken);
      this.loadError.set('');
    } catch (err) {
      if (count === this.loadCount) this.loadError.set((err as Error).message);
    } finally {
      if (count === this.loadCount) this.loading.set(false);
    }
  }
}

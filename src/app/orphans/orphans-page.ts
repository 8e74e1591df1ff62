import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { ActivatedRoute, Router } from '@angular/router';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';
import { Session } from '../core/auth/session';
import { messageOf } from '../core/notify/notifier';
import { JobDock } from '../jobs/job-dock';
import { CleanupRequests } from './cleanup-requests';
import { DanglingTable } from './dangling-table';
import { formatBytes } from '../shared/format/file-format';
import { OrphanFilesTable } from './orphan-files-table';
import type { DanglingRef, OrphanFile } from './orphan-report';
import { OrphanScanner } from './orphan-scanner';
import { ScanNotices } from './scan-notices';

/** The orphan report: run a scan, read orphan files and dangling references, export, clean up (admins). */
@Component({
  selector: 'app-orphans-page',
  imports: [
    DatePipe,
    DanglingTable,
    JobDock,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTabsModule,
    OrphanFilesTable,
    ScanNotices,
  ],
  templateUrl: './orphans-page.html',
  styleUrl: './orphans-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrphansPage {
  protected readonly scanner = inject(OrphanScanner);
  private readonly session = inject(Session);
  private readonly requests = inject(CleanupRequests);
  private readonly router = inject(Router);
  /** `?tab=dangling` opens the dangling references (the dashboard links there). */
  protected readonly tab = toSignal(
    inject(ActivatedRoute).queryParamMap.pipe(map((q) => (q.get('tab') === 'dangling' ? 1 : 0))),
    { initialValue: 0 },
  );

  protected readonly state = this.scanner.state;
  protected readonly report = this.scanner.report;
  protected readonly summary = this.scanner.summary;
  protected readonly refusals = this.scanner.refusals;
  /** Admins clean up, unless a refusal stops every clean-up of this report. */
  protected readonly canClean = computed(() => {
    this.session.roles();
    return this.session.can('delete') && !this.refusals().some((r) => r.stops.kind === 'all');
  });
  protected readonly progress = computed(() => {
    const s = this.state();
    return s.status === 'running' ? s.progress : null;
  });
  protected readonly error = computed(() => {
    const s = this.state();
    return s.status === 'failed' ? messageOf(s.error) : null;
  });
  protected readonly formatBytes = formatBytes;

  protected run(): void {
    this.scanner.run();
  }

  protected cancel(): void {
    this.scanner.cancel();
  }

  protected cleanOrphans(files: readonly OrphanFile[]): void {
    this.requests.set({ kind: 'orphans', files });
    void this.router.navigate(['/orphans/cleanup']);
  }

  protected clearDangling(refs: readonly DanglingRef[]): void {
    this.requests.set({ kind: 'dangling', refs });
    void this.router.navigate(['/orphans/cleanup']);
  }
}

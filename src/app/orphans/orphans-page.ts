import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
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
import { Notifier } from '../core/notify/notifier';
import { ServerScan } from '../server-scan/server-scan';
import { ServerReport, type ReportKind } from '../server-scan/server-report';
import { ServerScanStatus } from '../server-scan/server-scan-status';
import type { ExportKind } from '../server-scan/report-export';
import { ReportExporter } from '../server-scan/report-exporter';

/**
 * The orphan report: the server's shared report when the backend runs the scan (paged from
 * storage), or a scan in this browser; orphan files and dangling references, export, clean up (admins).
 */
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
    ServerScanStatus,
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
  protected readonly server = inject(ServerScan);
  protected readonly shared = inject(ServerReport);
  private readonly notifier = inject(Notifier);
  protected readonly exporter = inject(ReportExporter);
  /** The shown report is the server's. */
  protected readonly fromServer = computed(() => this.scanner.source() === 'server' && !!this.report());
  protected readonly counts = this.shared.counts;

  constructor() {
    // The newest finished server report is shown unless this browser's own scan is.
    effect(() => {
      const run = this.server.report();
      if (!run || !this.server.supported()) return;
      untracked(() => {
        if (this.scanner.source() === 'browser' && this.state().status !== 'idle') return;
        void this.shared.open(run).then((loaded) => loaded && this.scanner.adopt(loaded.report));
      });
    });
  }

  protected async more(kind: ReportKind): Promise<void> {
    const loaded = await this.shared.more(kind);
    if (loaded) await this.scanner.adopt(loaded.report);
  }

  protected async exportAll(kind: ExportKind): Promise<void> {
    try {
      if ((await this.exporter.export(kind)) === 'cancelled') this.notifier.success('Export cancelled.');
    } catch (err) {
      this.notifier.error(err);
    }
  }

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

  /** Every orphan of the shared report matching `filter`: the clean-up reads the report page by page. */
  protected cleanReport(filter: string): void {
    const totals = this.report()?.totals;
    this.requests.set({
      kind: 'report-orphans',
      filter,
      total: totals?.orphaned ?? 0,
      bytes: totals?.orphanedBytes ?? 0,
    });
    void this.router.navigate(['/orphans/cleanup']);
  }

  protected async clearDangling(refs: readonly DanglingRef[]): Promise<void> {
    try {
      // The server's report holds no field's other paths: read them again first.
      const complete = await this.scanner.completeDangling(refs);
      this.requests.set({ kind: 'dangling', refs: complete });
      void this.router.navigate(['/orphans/cleanup']);
    } catch (err) {
      this.notifier.error(err);
    }
  }
}

import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { interval } from 'rxjs';
import { Notifier } from '../core/notify/notifier';
import { type ReportSource, ReportSummaries, sourceOf } from './report-summaries';
import { ServerScan } from './server-scan';
import { ageOf, starterOf } from './scan-run';

/**
 * The shared report's line: how old the server's latest report is and who or what started it, the
 * run under way with its live counts, and (ADMINS, OPERATORS) a button that starts one now.
 */
@Component({
  selector: 'app-server-scan-status',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatProgressBarModule],
  templateUrl: './server-scan-status.html',
  styleUrl: './server-scan-status.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServerScanStatus {
  protected readonly scan = inject(ServerScan);
  private readonly notifier = inject(Notifier);
  private readonly now = signal(Date.now());

  protected readonly report = this.scan.report;
  /** Where the shown report's files came from: read from its summary, once per run. */
  protected readonly source = signal<ReportSource | null>(null);
  protected readonly active = this.scan.active;
  protected readonly failed = computed(() => {
    const latest = this.scan.latest();
    return latest?.status === 'failed' ? latest : null;
  });
  protected readonly reportAge = computed(() => {
    const r = this.report();
    return r ? ageOf(r.finishedAt ?? r.startedAt, this.now()) : '';
  });
  protected readonly activeAge = computed(() => {
    const r = this.active();
    return r ? ageOf(r.startedAt, this.now()) : '';
  });
  protected readonly starter = (run: { startedBy: string }) => starterOf(run, this.scan.me());
  protected readonly n = (v: number | null | undefined) => (v ?? 0).toLocaleString('en');
  protected readonly grace = (ms: number) => {
    const hours = ms / 3_600_000;
    return hours >= 1
      ? `${hours.toLocaleString('en')} hour${hours === 1 ? '' : 's'}`
      : `${Math.round(ms / 60_000)} minutes`;
  };

  constructor() {
    const summaries = inject(ReportSummaries);
    effect(() => {
      const run = this.report();
      this.source.set(null);
      if (!run) return;
      // Without its summary the line just says less: the report itself shows its own error.
      summaries.summary(run).then(
        (summary) => this.report() === run && this.source.set(sourceOf(summary)),
        () => undefined,
      );
    });
    this.scan.watch();
    interval(15_000)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
  }

  protected async start(): Promise<void> {
    try {
      await this.scan.start();
      this.notifier.success('Scan started on the server: its progress shows here.');
    } catch (err) {
      this.notifier.error(err);
    }
  }
}

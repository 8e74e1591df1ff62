import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  booleanAttribute,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { auditTime, map, startWith, switchMap } from 'rxjs';
import { downloadCsv, toCsv } from '../shared/csv';
import type { ItemResult, Job, JobProgress } from './job';
import { JOB_SCHEDULER, JobRunner } from './job-runner';

/** "about 2 min left", "12 s left". */
export function formatTimeLeft(ms: number | null): string {
  if (ms === null) return 'estimating time left…';
  if (ms <= 0) return '';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s left`;
  return `about ${Math.round(s / 60)} min left`;
}

/** One bulk job: live bar and counts, time left, the failed items with their reasons, and its actions. */
@Component({
  selector: 'app-job-panel',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule],
  templateUrl: './job-panel.html',
  styleUrl: './job-panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobPanel {
  private readonly runner = inject(JobRunner);
  private readonly document = inject(DOCUMENT);
  private readonly scheduler = inject(JOB_SCHEDULER);
  readonly job = input.required<Job<unknown>>();
  /** Shown by the shell's dock; otherwise a page shows it, and the dock leaves it out. */
  readonly inShell = input(false, { transform: booleanAttribute });

  protected readonly progress = toSignal(
    toObservable(this.job).pipe(switchMap((job) => job.progress$.pipe(startWith(job.progress)))),
  );
  /**
   * The failed and skipped items, and the items done with a note (e.g. a file kept because another
   * record uses it). Collecting them walks every item, so it runs at most every 200 ms, not once
   * per item (a job may have 100,000).
   */
  private readonly attention = toSignal(
    toObservable(this.job).pipe(
      switchMap((job) =>
        job.progress$.pipe(
          auditTime(200, this.scheduler),
          map(() => itemsToRead(job.results())),
          startWith(itemsToRead([])),
        ),
      ),
    ),
    { initialValue: itemsToRead([]) },
  );
  protected readonly problems = computed(() => this.attention().problems);
  protected readonly notes = computed(() => this.attention().notes);
  protected readonly percent = computed(() => {
    const p = this.progress();
    return p && p.total > 0 ? (100 * (p.done + p.failed + p.skipped)) / p.total : 0;
  });
  protected readonly timeLeft = computed(() => formatTimeLeft(this.progress()?.timeLeftMs ?? null));
  protected readonly rate = computed(() => (this.progress()?.itemsPerSecond ?? 0).toFixed(1));
  protected readonly headline = computed(() => headline(this.progress()));
  /** Set on Undo, so the button goes at once (the offer knows it too, for panels drawn later). */
  private readonly undoStarted = signal(false);
  /**
   * Undo is offered once a delete or detach job is through (finished, or canceled after some items
   * ran), while the bucket still keeps what it deleted, and when the job could read what to restore.
   */
  protected readonly canUndo = computed(() => {
    const p = this.progress();
    const offer = this.job().undo;
    if (!p || !offer || this.undoStarted() || offer.started() || !offer.available()) return false;
    if (p.state !== 'finished' && p.state !== 'canceled') return false;
    return p.done + p.failed > 0 && this.scheduler.now() < offer.until;
  });

  constructor() {
    effect((onCleanup) => {
      if (!this.inShell()) onCleanup(this.runner.showOnPage(this.job()));
    });
  }

  protected cancel(): void {
    this.job().cancel();
  }

  protected retry(): void {
    this.job().retryFailed();
  }

  protected undo(): void {
    this.undoStarted.set(true);
    this.job().undo?.start();
  }

  protected dismiss(): void {
    this.runner.dismiss(this.job());
  }

  protected exportCsv(): void {
    const rows = this.job()
      .results()
      .map((r) => [r.label, r.status, r.reason ?? '']);
    downloadCsv(this.document, `job-${this.job().id}-results.csv`, toCsv(['item', 'result', 'reason'], rows));
  }
}

/** Items not done (failed, skipped), and items done with something to read. */
function itemsToRead(results: readonly ItemResult<unknown>[]): {
  problems: ItemResult<unknown>[];
  notes: ItemResult<unknown>[];
} {
  return {
    problems: results.filter((r) => r.status === 'failed' || r.status === 'skipped'),
    notes: results.filter((r) => r.status === 'ok' && r.reason),
  };
}

function headline(p: JobProgress | undefined): string {
  if (!p) return '';
  // A job reading its items page by page does not know its total until the last page.
  const parts = [p.more ? `${p.done} done, more to read` : `${p.done} of ${p.total} done`];
  if (p.failed) parts.push(`${p.failed} failed`);
  if (p.skipped) parts.push(`${p.skipped} skipped`);
  if (p.state === 'canceled') parts.push('canceled');
  return parts.join(' · ');
}

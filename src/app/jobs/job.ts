import {
  BehaviorSubject,
  EMPTY,
  Observable,
  Subject,
  Subscription,
  asyncScheduler,
  catchError,
  defaultIfEmpty,
  defer,
  from,
  last,
  map,
  mergeMap,
  takeUntil,
  type SchedulerLike,
} from 'rxjs';
import { messageOf } from '../core/notify/notifier';
import {
  Note,
  Skip,
  type ItemResult,
  type ItemStatus,
  type JobProgress,
  type JobSpec,
  type JobState,
  type UndoOffer,
} from './job-spec';

export { Note, Skip, note, skip } from './job-spec';
export type { ItemResult, ItemStatus, JobProgress, JobSpec, JobState, UndoOffer } from './job-spec';

let nextId = 1;

/**
 * One bulk job: runs an operation over many items with bounded concurrency. An item's failure is
 * recorded and the job goes on. Cancel skips the items not started and lets those in flight finish
 * (or aborts them, see `onCancel`); retryFailed runs the failed items again and nothing else.
 * Results stay until the job is dismissed.
 */
export class Job<T = unknown> {
  readonly id = nextId++;
  readonly title: string;
  /** How to take the job back once it is through, if it can be. */
  readonly undo?: UndoOffer;
  private readonly slots: { item: T; label: string; status: ItemStatus; reason?: string }[];
  private readonly progressSubject: BehaviorSubject<JobProgress>;
  private readonly changes = new Subject<ItemResult<T>>();
  private cancelRun = new Subject<void>();
  private runIndexes: number[] = [];
  /** Whether a cancel of this run skipped anything (else the run simply finished). */
  private canceled = false;
  private run?: Subscription;
  private runStartedAt = 0;
  private finishedThisRun = 0;
  private state: JobState = 'running';
  private readonly counts: Record<ItemStatus, number> = { pending: 0, running: 0, ok: 0, failed: 0, skipped: 0 };
  /** Items done without a note that a batched job let go of (counted, no longer kept). */
  private released = 0;
  /** Why a batched job stopped reading before the end. */
  private readFailure?: string;
  /** Whether a batched job may still have items to read. */
  private moreToRead: boolean;

  /** Overall progress; completes when the job is dismissed. */
  readonly progress$: Observable<JobProgress>;
  /** Each item's result as it changes (running, then ok / failed / skipped). */
  readonly itemChanges$: Observable<ItemResult<T>>;

  constructor(
    private readonly spec: JobSpec<T>,
    private readonly scheduler: SchedulerLike = asyncScheduler,
  ) {
    if (!(spec.concurrency >= 1)) throw new RangeError('A job needs a concurrency of at least 1.');
    this.title = spec.title;
    this.undo = spec.undo;
    this.moreToRead = !!spec.more;
    this.slots = spec.items.map((item) => ({ item, label: spec.label(item), status: 'pending' as ItemStatus }));
    this.counts.pending = this.slots.length;
    this.progressSubject = new BehaviorSubject(this.snapshot());
    this.progress$ = this.progressSubject.asObservable();
    this.itemChanges$ = this.changes.asObservable();
    this.start(this.slots.map((_, i) => i));
  }

  /** Progress now. */
  get progress(): JobProgress {
    return this.progressSubject.value;
  }

  /** Every item's result now, in the order the items were given. */
  results(): ItemResult<T>[] {
    return this.slots.map((s) => ({ ...s }));
  }

  /** Skips the items not started; those in flight finish (or are aborted). Does nothing once through. */
  cancel(): void {
    if (this.state !== 'running') return;
    if (this.moreToRead) {
      this.moreToRead = false;
      this.canceled = true;
    }
    for (const i of this.runIndexes) {
      if (this.slots[i]!.status === 'pending') {
        this.set(i, 'skipped', 'Canceled before it started.', false);
        this.canceled = true;
      }
    }
    if (this.spec.onCancel === 'abort') {
      this.cancelRun.next();
      return;
    }
    if (this.counts.running > 0) this.state = 'canceling';
    this.emit();
  }

  /** Runs the failed items again (only those). Returns false when the job is still running or nothing failed. */
  retryFailed(): boolean {
    if (this.state === 'running' || this.state === 'canceling') return false;
    const failed = this.slots.flatMap((s, i) => (s.status === 'failed' ? [i] : []));
    if (failed.length === 0) return false;
    for (const i of failed) this.set(i, 'pending');
    this.start(failed);
    return true;
  }

  /** Stops whatever still runs and ends the streams. */
  close(): void {
    this.cancel();
    this.run?.unsubscribe();
    this.progressSubject.complete();
    this.changes.complete();
  }

  /** Runs these items; `next` batch of a batched job: the same run goes on (its rate, its cancel). */
  private start(indexes: number[], next = false): void {
    this.runIndexes = indexes;
    this.cancelRun = new Subject<void>();
    if (!next) {
      this.state = 'running';
      this.canceled = false;
      this.runStartedAt = this.scheduler.now();
      this.finishedThisRun = 0;
    }
    const concurrency = Math.floor(this.spec.concurrency);
    this.emit();
    this.run = from(indexes)
      .pipe(
        mergeMap((i) => this.runOne(i), concurrency),
        takeUntil(this.cancelRun),
      )
      .subscribe({
        complete: () => {
          if (this.moreToRead && this.state === 'running') return void this.readMore();
          for (const i of indexes) {
            const s = this.slots[i]!;
            if (s.status === 'pending' || s.status === 'running') {
              this.set(i, 'skipped', 'Canceled before it finished.', false);
              this.canceled = true;
            }
          }
          this.state = this.canceled ? 'canceled' : 'finished';
          this.emit();
        },
      });
  }

  /** The next batch of a batched job, once the one before is through; a failed read fails the job's reading (the items run stay). */
  private readMore(): void {
    this.release();
    this.emit();
    this.spec.more!().then(
      (batch) => {
        if (!this.moreToRead || this.progressSubject.closed) return this.start([], true);
        if (batch === null) this.moreToRead = false;
        const first = this.slots.length;
        for (const item of batch ?? []) this.slots.push({ item, label: this.spec.label(item), status: 'pending' });
        this.counts.pending += batch?.length ?? 0;
        this.start(
          this.slots.slice(first).map((_, n) => first + n),
          true,
        );
      },
      (err: unknown) => {
        this.moreToRead = false;
        this.readFailure = `The next items could not be read: ${messageOf(err)}`;
        this.start([], true);
      },
    );
  }

  /** A batched job lets go of the items done without a note: only their count stays. */
  private release(): void {
    if (!this.spec.more) return;
    const kept = this.slots.filter((s) => s.status !== 'ok' || s.reason !== undefined);
    this.released += this.slots.length - kept.length;
    this.slots.splice(0, this.slots.length, ...kept);
  }

  private runOne(i: number): Observable<void> {
    // An item skipped by a cancel while it waited for a slot does not start.
    return defer(() => (this.slots[i]!.status === 'pending' ? this.work(i) : EMPTY));
  }

  private work(i: number): Observable<void> {
    const slot = this.slots[i]!;
    return defer(() => {
      this.set(i, 'running');
      return this.spec.operation(slot.item);
    }).pipe(
      defaultIfEmpty(undefined),
      last(),
      map((value) => {
        this.finishedThisRun++;
        if (value instanceof Skip) this.set(i, 'skipped', value.reason);
        else this.set(i, 'ok', value instanceof Note ? value.reason : undefined);
      }),
      catchError((err: unknown) => {
        this.finishedThisRun++;
        this.set(i, 'failed', messageOf(err));
        return EMPTY;
      }),
    );
  }

  private set(i: number, status: ItemStatus, reason?: string, emit = true): void {
    const s = this.slots[i]!;
    this.counts[s.status]--;
    this.counts[status]++;
    this.slots[i] = reason === undefined ? { item: s.item, label: s.label, status } : { ...s, status, reason };
    if (status !== 'pending') this.changes.next({ ...this.slots[i]! });
    if (emit) this.emit();
  }

  private emit(): void {
    if (!this.progressSubject?.closed) this.progressSubject?.next(this.snapshot());
  }

  private snapshot(): JobProgress {
    const { ok: done, failed, skipped, running, pending } = this.counts;
    const elapsedS = (this.scheduler.now() - this.runStartedAt) / 1000;
    const rate = elapsedS > 0 ? this.finishedThisRun / elapsedS : 0;
    const left = pending + running;
    return {
      state: this.state,
      total: this.slots.length + this.released,
      done,
      failed,
      skipped,
      running,
      itemsPerSecond: rate,
      timeLeftMs: this.moreToRead ? null : left === 0 ? 0 : rate > 0 ? (left / rate) * 1000 : null,
      ...(this.spec.more ? { more: this.moreToRead } : {}),
      ...(this.readFailure ? { readFailure: this.readFailure } : {}),
    };
  }
}

import type { Observable } from 'rxjs';

// What a caller gives a Job (its spec, and the Skip or Note an item's operation may end with) and
// what it reads back (each item's result, the job's progress); job.ts runs it and re-exports these.

/** What an item's operation may emit last to say it did nothing on purpose (and why). */
export class Skip {
  constructor(readonly reason: string) {}
}

/** The item's operation decided not to act (e.g. a record changed since it was shown). */
export function skip(reason: string): Skip {
  return new Skip(reason);
}

/** What an item's operation may emit last to say it did its work, with something the operator should know. */
export class Note {
  constructor(readonly reason: string) {}
}

/** The item was done, and this is worth reading (e.g. a file kept because another record uses it). */
export function note(reason: string): Note {
  return new Note(reason);
}

export type ItemStatus = 'pending' | 'running' | 'ok' | 'failed' | 'skipped';

export interface ItemResult<T> {
  readonly item: T;
  /** The operator's name for the item (first column of the results and the CSV). */
  readonly label: string;
  readonly status: ItemStatus;
  /** Why it failed or was skipped, or what to know of an item done (a Note), as the operator reads it. */
  readonly reason?: string;
}

/** `canceling`: nothing new starts; the items in flight are finishing. */
export type JobState = 'running' | 'canceling' | 'finished' | 'canceled';

export interface JobProgress {
  readonly state: JobState;
  readonly total: number;
  /** Finished well (ok). */
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly running: number;
  /** Items finished (ok or failed) per second since the current run started. */
  readonly itemsPerSecond: number;
  /** Estimated ms until every item is through, or null while there is no rate yet. */
  readonly timeLeftMs: number | null;
  /** A job reading its items a batch at a time (`JobSpec.more`) may have more to read: `total` is what came so far. */
  readonly more?: boolean;
  /** Why a batched job stopped reading its items before the end (the items read ran). */
  readonly readFailure?: string;
}

/** A finished job that can be taken back (a bulk delete or detach): the panel offers Undo. */
export interface UndoOffer {
  /** Until when Undo is possible (ms, on the jobs' clock): what the bucket's retention allows. */
  readonly until: number;
  /** Whether Undo was started already: it is offered once. */
  started(): boolean;
  /** Whether anything the job did can be undone (false when no file's earlier version could be read). */
  available(): boolean;
  /** Starts the undo, itself a job. */
  start(): void;
}

export interface JobSpec<T> {
  readonly title: string;
  readonly items: readonly T[];
  readonly label: (item: T) => string;
  /**
   * The work for one item: succeeds when it completes (emitting a Skip last marks it skipped, a
   * Note last adds what the operator should know),
   * fails with its error. With `onCancel: 'abort'`, unsubscribing must abort it cleanly.
   */
  readonly operation: (item: T) => Observable<unknown>;
  /** Items in flight at once. */
  readonly concurrency: number;
  /**
   * What cancel does to the items in flight: `finish` (the default) lets them end and records
   * what really happened, which is right for requests that cannot be taken back once sent;
   * `abort` unsubscribes from them (e.g. uploads, which stop cleanly).
   */
  readonly onCancel?: 'finish' | 'abort';
  /** How to take the job back once it is through, if it can be. */
  readonly undo?: UndoOffer;
  /**
   * Further items, a batch at a time (e.g. a server's list pages), asked once the items before
   * are through; null when there are no more. Cancel stops asking. Such a job keeps only the
   * items it has to show (failed, skipped, done with a note) and counts the rest, so its memory
   * is one batch, not every item.
   */
  readonly more?: () => Promise<readonly T[] | null>;
}

import { signal } from '@angular/core';
import { type Observable, type Subscription, map } from 'rxjs';
import { AttachmentError } from '../../attachments/attachment-error';
import type { Transfer } from '../../attachments/transfer';
import { messageOf } from '../../core/notify/notifier';

/**
 * One operation a dialog runs: busy while subscribed, upload progress, the error it ended with.
 * `cancel()` unsubscribes, which cancels an upload in flight.
 */
export class Run {
  readonly busy = signal(false);
  readonly progress = signal<{ sent: number; total: number } | null>(null);
  readonly error = signal<AttachmentError | null>(null);
  /** Something to tell the operator that is not an error, e.g. that an upload was canceled. */
  readonly notice = signal<string | null>(null);
  private subscription?: Subscription;

  /** `onError` hears every error the operation ends with (e.g. to report an unreachable backend). */
  constructor(private readonly onError: (error: AttachmentError) => void = () => undefined) {}

  start<T>(operation: Observable<Transfer<T>>, done: (value: T) => void): void {
    this.cancel();
    this.error.set(null);
    this.notice.set(null);
    this.progress.set(null);
    this.busy.set(true);
    this.subscription = operation.subscribe({
      next: (step) => {
        if (step.type === 'progress') this.progress.set({ sent: step.sent, total: step.total });
        else {
          this.busy.set(false);
          done(step.value);
        }
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.progress.set(null);
        const error = err instanceof AttachmentError ? err : new AttachmentError('unknown', messageOf(err));
        this.error.set(error);
        this.onError(error);
      },
      complete: () => this.busy.set(false),
    });
  }

  /** Stops the operation (an upload is aborted); says so when something was running. */
  cancel(notice?: string): void {
    const running = this.busy();
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.busy.set(false);
    this.progress.set(null);
    if (running && notice) this.notice.set(notice);
  }

  /** Percent of the upload sent, for a determinate progress bar. */
  percent(): number {
    const p = this.progress();
    return p && p.total > 0 ? Math.round((100 * p.sent) / p.total) : 0;
  }
}

/** A one-shot operation as a Transfer that is done at once, so Run handles both kinds. */
export function asTransfer<T>(operation: Observable<T>): Observable<Transfer<T>> {
  return operation.pipe(map((value) => ({ type: 'done' as const, value })));
}

import { Injectable, InjectionToken, inject } from '@angular/core';
import { defer, retry, timer } from 'rxjs';
import { Notifier } from '../core/notify/notifier';
import { AUDIT_API } from './audit-api';
import { ACTION_LABELS, type AuditEntry } from './audit-event';

/** Tries of one event after the first, and the wait before the first of them (then doubling). */
export const AUDIT_RETRY = new InjectionToken<{ readonly count: number; readonly baseMs: number }>('AuditRetry', {
  providedIn: 'root',
  factory: () => ({ count: 3, baseMs: 500 }),
});

/**
 * Records what the console did in the audit trail. Fire and forget: the operator's action is
 * done whatever happens here, and never waits for or is undone by its event. A failed write is
 * retried; if it still fails, the snackbar says which action went unrecorded.
 */
@Injectable({ providedIn: 'root' })
export class AuditLog {
  private readonly api = inject(AUDIT_API);
  private readonly notifier = inject(Notifier);
  private readonly retry = inject(AUDIT_RETRY);

  record(entry: AuditEntry): void {
    const at = new Date().toISOString();
    defer(() => this.api.record(entry, at))
      .pipe(retry({ count: this.retry.count, delay: (_err, n) => timer(this.retry.baseMs * 2 ** (n - 1)) }))
      .subscribe({
        error: (err: unknown) => {
          const of = [entry.model, entry.recordId].filter(Boolean).join(' ');
          const what = `${ACTION_LABELS[entry.action]}${of ? ` of ${of}` : ''}`;
          const why = err instanceof Error && err.message ? ` (${err.message})` : '';
          this.notifier.error(`Done, but the audit trail did not record it: ${what}${why}.`);
        },
      });
  }
}

import { type MonoTypeOperatorFunction, retry, throwError, timer } from 'rxjs';
import { isTransient } from './error-mapping';

export interface BackoffOptions {
  /** Further attempts after the first failure. */
  readonly retries: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Resubscribes after a transient failure (backend unreachable, 5xx), waiting base·2ⁿ with full
 * jitter, capped. Only for work the Amplify clients do not retry themselves: every Storage request
 * and GraphQL POST already gets three attempts with jittered backoff inside aws-amplify
 * (@aws-amplify/core retryMiddleware), so wrapping those again would multiply the attempts. The
 * realtime subscriptions behind a live list are not retried by the client, so they use this.
 */
export function retryTransient<T>(
  options: BackoffOptions = { retries: 5, baseMs: 1000, maxMs: 30_000 },
): MonoTypeOperatorFunction<T> {
  return retry({
    count: options.retries,
    resetOnSuccess: true,
    delay: (err: unknown, attempt: number) =>
      isTransient(err) ? timer(backoffDelay(attempt, options)) : throwError(() => err),
  });
}

/** Full jitter: a random wait in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(attempt: number, { baseMs, maxMs }: BackoffOptions, random = Math.random): number {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
}

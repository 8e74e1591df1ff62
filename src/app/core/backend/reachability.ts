import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { AppConfig } from '../config/app-config';
import { backendUrl, probeUrl } from './backend-url';

export type ReachabilityStatus = 'reachable' | 'checking' | 'unreachable';

/** Seconds to wait before each automatic retry; the last one repeats. */
export const RETRY_DELAYS_S = [2, 4, 8, 15, 30] as const;
const PROBE_TIMEOUT_MS = 5000;

/**
 * Whether the backend answers, the one place the console keeps that fact. Anything that meets a
 * network failure reports it here (the Notifier for `unavailable` errors, and a disrupted
 * realtime connection on its own); while unreachable the service retries with backoff (and on
 * `retryNow()`), and tells its listeners when the backend answers again.
 */
@Injectable({ providedIn: 'root' })
export class Reachability {
  private readonly config = inject(AppConfig);
  private readonly statusSignal = signal<ReachabilityStatus>('reachable');
  private readonly retryAtSignal = signal<number | null>(null);
  private readonly listeners = new Set<() => void>();
  private attempt = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private probing?: Promise<boolean>;
  /** When other work last heard from the backend (epoch ms). */
  private lastAnswer = 0;

  readonly status = this.statusSignal.asReadonly();
  readonly unreachable = computed(() => this.statusSignal() !== 'reachable');
  /** When the next automatic retry happens (epoch ms), while unreachable and waiting. */
  readonly retryAt = this.retryAtSignal.asReadonly();
  /** The backend the console talks to, as an operator would recognise it. */
  readonly url = computed(() => {
    const state = this.config.state();
    return state.status === 'ready' ? backendUrl(state.outputs) : '';
  });
  /** What the probe asks (see `probeUrl`). */
  protected readonly probeTarget = computed(() => {
    const state = this.config.state();
    return state.status === 'ready' ? probeUrl(state.outputs) : '';
  });

  constructor() {
    let stopWatching: (() => void) | undefined;
    let destroyed = false;
    // A live screen's realtime connection dropping is often the first sign the backend is gone.
    void import('aws-amplify/utils')
      .then(({ Hub }) => {
        if (destroyed) return;
        stopWatching = Hub.listen('api', ({ payload }) => {
          const state = (payload.data as { connectionState?: string } | undefined)?.connectionState;
          if (payload.event === 'ConnectionStateChange' && state?.startsWith('ConnectionDisrupted')) this.report();
        });
      })
      .catch(() => undefined);
    inject(DestroyRef).onDestroy(() => {
      destroyed = true;
      stopWatching?.();
      clearTimeout(this.timer);
    });
  }

  /** Calls `listener` each time the backend answers again after being unreachable. */
  onRestored(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks the backend whether it answers (any HTTP answer counts, even an error status); updates
   * the state and, when it does not, schedules the next retry.
   */
  check(): Promise<boolean> {
    if (this.probing) return this.probing;
    const url = this.probeTarget();
    if (!url) return Promise.resolve(true);
    const wasDown = this.statusSignal() === 'unreachable';
    if (wasDown) this.statusSignal.set('checking');
    const started = Date.now();
    this.probing = this.probe(url).then((answered) => {
      // A probe queued behind a bulk job's requests (a browser opens only six connections to one
      // HTTP/1.1 origin) can time out while those requests are being answered.
      const up = answered || this.lastAnswer >= started;
      this.probing = undefined;
      this.update(up, wasDown);
      return up;
    });
    return this.probing;
  }

  /** Other work just got an answer from the backend (a bulk job's item finished). */
  answered(): void {
    this.lastAnswer = Date.now();
  }

  /** A request failed as if the backend were gone: find out, and start retrying if so. */
  report(): void {
    // While unreachable the retry timer is already on it; more reports would only speed up the backoff.
    if (this.statusSignal() === 'reachable') void this.check();
  }

  /** A request got no answer although the probe did: treat the backend as gone and retry. */
  markUnreachable(): void {
    this.statusSignal.set('unreachable');
    this.schedule();
  }

  /** The operator's Retry button: probe now instead of waiting for the timer. */
  retryNow(): Promise<boolean> {
    clearTimeout(this.timer);
    this.retryAtSignal.set(null);
    return this.check();
  }

  /** Seam for tests: whether the backend answers at `url` (see `probeUrl` for what it asks). */
  protected async probe(url: string): Promise<boolean> {
    try {
      await fetch(url, {
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      return true;
    } catch {
      return false;
    }
  }

  private update(up: boolean, wasDown: boolean): void {
    if (up) {
      this.attempt = 0;
      this.retryAtSignal.set(null);
      this.statusSignal.set('reachable');
      if (wasDown) for (const listener of [...this.listeners]) listener();
    } else {
      this.statusSignal.set('unreachable');
      this.schedule();
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const delay = RETRY_DELAYS_S[Math.min(this.attempt, RETRY_DELAYS_S.length - 1)] * 1000;
    this.attempt++;
    this.retryAtSignal.set(Date.now() + delay);
    this.timer = setTimeout(() => {
      this.retryAtSignal.set(null);
      void this.check();
    }, delay);
  }
}

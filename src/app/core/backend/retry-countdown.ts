import { computed, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { interval, map } from 'rxjs';
import type { Reachability } from './reachability';

/** "Retrying in 8 s" / "Checking…", ticking every second (call in an injection context). */
export function retryCountdown(reachability: Reachability): Signal<string> {
  const tick = toSignal(interval(1000).pipe(map((n) => n + 1)), { initialValue: 0 });
  return computed(() => {
    tick();
    if (reachability.status() === 'checking') return 'Checking…';
    const at = reachability.retryAt();
    if (at === null) return '';
    // The clock is read now, not at the last tick: a retry scheduled between ticks shows its full wait, not one more.
    const seconds = Math.max(0, Math.ceil((at - Date.now()) / 1000));
    return seconds > 0 ? `Retrying in ${seconds} s.` : 'Checking…';
  });
}

/**
 * What a live region says about the retries: it changes only when a check starts or ends, never
 * with each second of the countdown, so a screen reader is not interrupted every second.
 */
export function retryAnnouncement(reachability: Reachability): Signal<string> {
  return computed(() => {
    if (reachability.status() === 'checking') return 'Checking whether the backend answers…';
    const at = reachability.retryAt();
    if (at === null) return '';
    const seconds = Math.max(1, Math.round((at - Date.now()) / 1000));
    return `No answer yet. The console tries again in ${seconds} s.`;
  });
}

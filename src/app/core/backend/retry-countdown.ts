import { computed, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { interval, map } from 'rxjs';
import type { Reachability } from './reachability';

/** "Retrying in 8 s" / "Checking…", ticking every second (call in an injection context). */
export function retryCountdown(reachability: Reachability): Signal<string> {
  const now = toSignal(interval(1000).pipe(map(() => Date.now())), { initialValue: Date.now() });
  return computed(() => {
    if (reachability.status() === 'checking') return 'Checking…';
    const at = reachability.retryAt();
    if (at === null) return '';
    const seconds = Math.max(0, Math.ceil((at - now()) / 1000));
    return seconds > 0 ? `Retrying in ${seconds} s.` : 'Checking…';
  });
}

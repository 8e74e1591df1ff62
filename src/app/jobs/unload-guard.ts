import { DOCUMENT, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { EMPTY, fromEvent } from 'rxjs';
import { WorkInProgress } from './work-in-progress';

/**
 * While a bulk job or an upload runs, closing the tab, reloading or navigating away asks first
 * (the browser shows its own words). Call in an injection context; it holds until that is destroyed.
 */
export function guardUnload(): void {
  const work = inject(WorkInProgress);
  const window = inject(DOCUMENT).defaultView;
  (window ? fromEvent<BeforeUnloadEvent>(window, 'beforeunload') : EMPTY)
    .pipe(takeUntilDestroyed())
    .subscribe((event) => {
      if (!work.busy()) return;
      event.preventDefault();
      // Browsers that predate preventDefault here read the returned value instead.
      event.returnValue = '';
    });
}

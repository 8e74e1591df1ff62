import { DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type Observable } from 'rxjs';
import { messageOf } from '../../core/notify/notifier';

/** One action run from a dialog: busy while it runs, its error shown in the dialog, nothing else. */
export class DialogRun {
  private readonly destroyRef = inject(DestroyRef);
  readonly busy = signal(false);
  readonly error = signal('');

  run<T>(work: Observable<T>, done: (value: T | undefined) => void): void {
    this.busy.set(true);
    this.error.set('');
    let last: T | undefined;
    work.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (value) => (last = value),
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(messageOf(err));
      },
      complete: () => {
        this.busy.set(false);
        done(last);
      },
    });
  }
}

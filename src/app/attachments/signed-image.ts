import { type Signal, computed, inject, linkedSignal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { AttachmentEngine } from './attachment-engine';

/** What an image component shows for one stored file. */
export interface SignedImage {
  /** The signed URL, or '' while there is none (yet). */
  readonly url: Signal<string>;
  /** Missing in storage, not signable, or the browser could not load it. */
  readonly broken: Signal<boolean>;
  /** The browser could not load the image; cleared when the path changes. */
  markFailed(): void;
}

/**
 * The signed URL of an image file, asked for only once storage has said the file exists (or could
 * not say): a missing file never costs a signed URL and a failed image request. Call in an
 * injection context (a component's field initialisers).
 */
export function signedImage(
  path: Signal<string | null>,
  storage: { missing: Signal<boolean>; waiting: Signal<boolean> },
): SignedImage {
  const engine = inject(AttachmentEngine);
  const failed = linkedSignal({ source: path, computation: () => false });
  const wanted = computed(() => (storage.missing() || storage.waiting() ? null : path()));
  const signed = toSignal(
    toObservable(wanted).pipe(
      switchMap((p) =>
        p
          ? engine.signedUrl(p).pipe(
              map((url): string | null => url),
              catchError(() => of(null)),
              startWith(undefined),
            )
          : of(undefined),
      ),
    ),
  );
  return {
    url: computed(() => signed() ?? ''),
    broken: computed(() => storage.missing() || failed() || signed() === null),
    markFailed: () => failed.set(true),
  };
}

import { DestroyRef, Injectable, type Signal, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { EMPTY, catchError, from, map, mergeMap, of, switchMap } from 'rxjs';
import { AttachmentEngine, type FileInfo } from '../attachments/attachment-engine';

/** What storage said about a path: undefined while asking, null when no object is there. */
export type FileState = FileInfo | null | 'error' | undefined;

/** Metadata requests in flight at once (an album can hold hundreds of images). */
const CONCURRENCY = 6;

/**
 * Object metadata (size, missing or not) for the paths a screen shows: asks the engine for paths
 * it has not asked about yet, a few at a time, and keeps the answers for the screen's lifetime.
 */
@Injectable()
export class AlbumFiles {
  private readonly engine = inject(AttachmentEngine);
  private readonly destroyRef = inject(DestroyRef);
  private readonly known = signal<ReadonlyMap<string, FileState>>(new Map());
  private readonly asked = new Set<string>();

  /** Start following a signal of the paths on screen. */
  follow(paths: Signal<readonly string[]>): void {
    toObservable(paths)
      .pipe(
        map((list) => list.filter((p) => !this.asked.has(p))),
        switchMap((list) => {
          if (list.length === 0) return EMPTY;
          list.forEach((p) => this.asked.add(p));
          return from(list).pipe(
            mergeMap(
              (path) =>
                this.engine.fileInfo(path).pipe(
                  map((info): [string, FileState] => [path, info]),
                  catchError(() => of<[string, FileState]>([path, 'error'])),
                ),
              CONCURRENCY,
            ),
          );
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(([path, info]) => this.known.update((m) => new Map(m).set(path, info)));
  }

  state(path: string): FileState {
    return this.known().get(path);
  }

  /** Sum of the sizes storage reported, and how many of the paths it has not answered for yet. */
  total(paths: readonly string[]): { bytes: number; pending: number; missing: number } {
    let bytes = 0;
    let pending = 0;
    let missing = 0;
    for (const p of paths) {
      const s = this.known().get(p);
      if (s === undefined) pending++;
      else if (s === null) missing++;
      else if (s !== 'error') bytes += s.size;
    }
    return { bytes, pending, missing };
  }

  /** Forget a path (e.g. replaced), so a new answer is asked for when it shows again. */
  forget(path: string): void {
    this.asked.delete(path);
    this.known.update((m) => {
      const next = new Map(m);
      next.delete(path);
      return next;
    });
  }
}

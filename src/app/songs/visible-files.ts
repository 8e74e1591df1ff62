import { DestroyRef, Injectable, type Signal, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { EMPTY, catchError, distinctUntilChanged, map, merge, of, switchMap } from 'rxjs';
import { AttachmentEngine, type FileInfo } from '../attachments/attachment-engine';

/** What storage said about a path: undefined while asking, null when no object is there. */
export type FileState = FileInfo | null | 'error' | undefined;

/**
 * Object metadata for the paths on screen only: asks the engine when the visible set changes and
 * keeps the answers, so paging back is free and 10,000 songs cost one page of requests.
 */
@Injectable()
export class VisibleFiles {
  private readonly engine = inject(AttachmentEngine);
  private readonly destroyRef = inject(DestroyRef);
  private readonly known = signal<ReadonlyMap<string, FileState>>(new Map());

  /** Start following a signal of the visible paths. */
  follow(paths: Signal<readonly string[]>): void {
    toObservable(paths)
      .pipe(
        map((list) => list.filter((p) => !this.known().has(p))),
        distinctUntilChanged((a, b) => a.length === b.length && a.every((p, i) => p === b[i])),
        switchMap((list) =>
          list.length === 0
            ? EMPTY
            : merge(
                ...list.map((path) =>
                  this.engine.fileInfo(path).pipe(
                    map((info): [string, FileState] => [path, info]),
                    catchError(() => of<[string, FileState]>([path, 'error'])),
                  ),
                ),
              ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(([path, info]) => this.known.update((m) => new Map(m).set(path, info)));
  }

  state(path: string | null): FileState {
    return path ? this.known().get(path) : undefined;
  }
}

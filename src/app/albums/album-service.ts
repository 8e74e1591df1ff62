import { Injectable, inject } from '@angular/core';
import {
  NEVER,
  Observable,
  catchError,
  defer,
  from,
  lastValueFrom,
  map,
  mergeMap,
  of,
  shareReplay,
  throwError,
  toArray,
} from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { toAttachmentError } from '../attachments/error-mapping';
import { retryTransient } from '../attachments/retry';
import type { Transfer } from '../attachments/transfer';
import type { AddStep, AlbumDisposal, AlbumList, PhotoAlbum } from './album';
import { addFiles } from './album-add';
import { ALBUM_API } from './album-api';
import { checkAlbumName } from './album-limits';

const quoted = (album: Pick<PhotoAlbum, 'name'>) => `“${album.name}”`;
/**
 * What the operator can do after a conflict. The album's screens follow the live list, so they
 * already show the other change: nothing needs reloading.
 */
const TRY_AGAIN = 'The page now shows their change: try again if you still want to.';
const DELETE_AGAIN = 'Nothing was deleted. Look at the album as it is now and delete again if you still want to.';
/** Deletes of one album's files that run at once. */
const DELETE_CONCURRENCY = 4;

/**
 * Photo albums and their list of image files. Every change to the list is conditional on the
 * version the operator saw. Adds commute and re-apply themselves after someone else's change;
 * remove, replace and reorder do not (they would act on a list the operator has not seen), so they
 * surface the conflict and discard their own new upload. As for songs, the order of steps favours
 * orphans over dangling references: upload before pointing at a file, stop pointing at a file
 * before deleting it (docs/architecture.md). Fails with AttachmentError only.
 */
@Injectable({ providedIn: 'root' })
export class AlbumService {
  private readonly api = inject(ALBUM_API);
  private readonly engine = inject(AttachmentEngine);

  private readonly live = defer(() => this.api.observe()).pipe(
    map(({ items, synced }): AlbumList => ({ items, synced })),
    retryTransient(),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  /** Live list of all albums (observeQuery, realtime). Sorting/filtering is done by the screen. */
  list(): Observable<AlbumList> {
    return this.live;
  }

  /** The album as stored now, or null when there is none; one read, then completes. */
  get(id: string): Observable<PhotoAlbum | null> {
    return defer(() => this.api.get(id)).pipe(catchError((err: unknown) => throwError(() => toAttachmentError(err))));
  }

  create(name: string): Observable<PhotoAlbum> {
    const checked = checkAlbumName(name);
    if (checked instanceof AttachmentError) return throwError(() => checked);
    const id = crypto.randomUUID();
    return defer(async () => {
      try {
        return await this.api.create({ id, name: checked, imagePaths: [] });
      } catch (err) {
        // A create that landed although its answer was lost is retried by the client and then refused.
        const landed = await this.api.get(id).catch(() => null);
        if (landed) return landed;
        throw toAttachmentError(err);
      }
    });
  }

  /** Only the name is sent, so a rename never undoes another operator's change to the images. */
  rename(album: PhotoAlbum, name: string): Observable<PhotoAlbum> {
    const checked = checkAlbumName(name);
    if (checked instanceof AttachmentError) return throwError(() => checked);
    return defer(async () => {
      try {
        return await this.api.update({ id: album.id, name: checked });
      } catch (err) {
        throw await this.explain(album, err);
      }
    });
  }

  /**
   * Uploads several files and appends them with one conditional update (see addFiles). Emits the
   * progress of every file; `cancel$` cancels one file by its index in `files`.
   */
  addFiles(album: PhotoAlbum, files: readonly File[], cancel$: Observable<number> = NEVER): Observable<AddStep> {
    return addFiles(
      {
        api: this.api,
        validate: (file) => this.engine.validate(file),
        upload: (id, file) => this.engine.upload(id, file),
        discard: (paths) => this.discard(paths),
      },
      album,
      files,
      cancel$,
    );
  }

  /** Stops pointing at one image (conditional), then deletes its file. Also drops a missing file's reference. */
  removeImage(album: PhotoAlbum, path: string): Observable<PhotoAlbum> {
    return defer(async () => {
      this.mustHold(album, path);
      const updated = await this.write(
        album,
        album.imagePaths.filter((p) => p !== path),
      );
      this.engine.forget(path);
      await this.removeOrSay(path, `The image was removed from ${quoted(updated)}, but its file could not be deleted`);
      return updated;
    });
  }

  /** Uploads the new file, swaps it in at the old one's place (conditional), then deletes the old file. */
  replaceImage(album: PhotoAlbum, path: string, file: File): Observable<Transfer<PhotoAlbum>> {
    if (!album.imagePaths.includes(path)) return throwError(() => this.notHeld(album));
    return new Observable<Transfer<PhotoAlbum>>((subscriber) => {
      const upload = this.engine.upload(album.id, file).subscribe({
        next: (step) => {
          if (step.type === 'progress') {
            subscriber.next(step);
            return;
          }
          const fresh = step.value;
          this.swap(album, path, fresh).then(
            (updated) => {
              subscriber.next({ type: 'done', value: updated });
              subscriber.complete();
            },
            (err: unknown) => subscriber.error(toAttachmentError(err)),
          );
        },
        error: (err: unknown) => subscriber.error(toAttachmentError(err)),
      });
      return () => upload.unsubscribe();
    });
  }

  /** Saves a new order (conditional). The same order as now writes nothing. */
  reorder(album: PhotoAlbum, order: readonly string[]): Observable<PhotoAlbum> {
    const now = album.imagePaths;
    if (order.length === now.length && order.every((p, i) => p === now[i])) return of(album);
    const sorted = [...now].sort();
    const same = order.length === now.length && [...order].sort().every((p, i) => p === sorted[i]);
    if (!same) {
      return throwError(
        () =>
          new AttachmentError(
            'invalid-input',
            'The new order does not hold exactly the album’s images as they are now. The page now shows them: try again.',
          ),
      );
    }
    return defer(() => this.write(album, order));
  }

  /** Deletes the record (conditional), then, with 'delete-files', the files it pointed at. */
  delete(album: PhotoAlbum, disposal: AlbumDisposal): Observable<void> {
    return defer(async () => {
      let deleted: PhotoAlbum;
      try {
        deleted = await this.api.delete(album.id, album.updatedAt);
      } catch (err) {
        throw await this.explain(album, err, DELETE_AGAIN);
      }
      deleted.imagePaths.forEach((p) => this.engine.forget(p));
      if (disposal === 'keep-files' || deleted.imagePaths.length === 0) return;
      const failures = await lastValueFrom(
        from(deleted.imagePaths).pipe(
          mergeMap(
            (path) =>
              this.engine.remove(path).pipe(
                map(() => null),
                catchError((err: unknown) => of(toAttachmentError(err))),
              ),
            DELETE_CONCURRENCY,
          ),
          toArray(),
        ),
      );
      const failed = failures.filter((f): f is AttachmentError => f !== null);
      if (failed.length) {
        throw new AttachmentError(
          failed[0]!.kind,
          `${quoted(album)} was deleted, but ${failed.length} of its ${deleted.imagePaths.length} files could not be (${failed[0]!.message}) The orphan report lists them.`,
          { cause: failed[0] },
        );
      }
    });
  }

  /** The conditional update of the list; a failure is explained (conflict or deleted). */
  private async write(album: PhotoAlbum, imagePaths: readonly string[]): Promise<PhotoAlbum> {
    try {
      return await this.api.update({ id: album.id, imagePaths }, album.updatedAt);
    } catch (err) {
      throw await this.explain(album, err);
    }
  }

  private async swap(album: PhotoAlbum, old: string, fresh: string): Promise<PhotoAlbum> {
    let updated: PhotoAlbum;
    try {
      updated = await this.api.update(
        { id: album.id, imagePaths: album.imagePaths.map((p) => (p === old ? fresh : p)) },
        album.updatedAt,
      );
    } catch (err) {
      let current: PhotoAlbum | null;
      try {
        current = await this.api.get(album.id);
      } catch {
        throw toAttachmentError(err); // unknown outcome: keep the upload, an orphan at worst
      }
      if (!current?.imagePaths.includes(fresh)) {
        await this.discard([fresh]);
        throw describe(album, err, current, ' Your new file was discarded.');
      }
      updated = current; // the write landed although its answer was lost
    }
    this.engine.forget(old);
    if (!updated.imagePaths.includes(old)) await this.discard([old]);
    return updated;
  }

  private mustHold(album: PhotoAlbum, path: string): void {
    if (!album.imagePaths.includes(path)) throw this.notHeld(album);
  }

  private notHeld(album: PhotoAlbum): AttachmentError {
    return new AttachmentError(
      'invalid-input',
      `${quoted(album)} no longer holds that image: someone else removed or replaced it. The page now shows the album as it is.`,
    );
  }

  private async explain(album: PhotoAlbum, err: unknown, advice = TRY_AGAIN): Promise<AttachmentError> {
    const kind = toAttachmentError(err).kind;
    if (kind !== 'conflict' && kind !== 'not-found') return toAttachmentError(err);
    const current = await this.api.get(album.id).catch(() => undefined);
    return describe(album, err, current, '', advice);
  }

  private async discard(paths: readonly string[]): Promise<void> {
    await Promise.all(
      paths.map((p) =>
        lastValueFrom(this.engine.remove(p), { defaultValue: undefined }).catch(() => {
          // Left as an orphan: the orphan report finds unreferenced files.
        }),
      ),
    );
  }

  private async removeOrSay(path: string, what: string): Promise<void> {
    try {
      await lastValueFrom(this.engine.remove(path), { defaultValue: undefined });
    } catch (err) {
      const error = toAttachmentError(err);
      throw new AttachmentError(error.kind, `${what} (${error.message}) The orphan report lists it.`, { cause: err });
    }
  }
}

/**
 * `current`: the album as read after the failure (null: gone; undefined: could not be read).
 * `outcome`: what became of the operator's own change; `advice`: what to do now.
 */
function describe(
  album: PhotoAlbum,
  err: unknown,
  current: PhotoAlbum | null | undefined,
  outcome = '',
  advice = TRY_AGAIN,
): AttachmentError {
  const error = toAttachmentError(err);
  if (error.kind !== 'conflict' && error.kind !== 'not-found') return error;
  if (current === null) {
    return new AttachmentError('not-found', `${quoted(album)} no longer exists: someone deleted it.${outcome}`, {
      cause: err,
    });
  }
  return new AttachmentError(
    'conflict',
    `${quoted(album)} was changed by someone else just before your change reached it, and their change was kept.${outcome} ${advice}`,
    { cause: err },
  );
}

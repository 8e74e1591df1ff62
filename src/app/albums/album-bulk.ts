import { Injectable, InjectionToken, inject } from '@angular/core';
import { type Observable, catchError, defer, from, lastValueFrom, mergeMap, throwError, toArray } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { toAttachmentError } from '../attachments/error-mapping';
import { type Job, skip } from '../jobs/job';
import { JobRunner } from '../jobs/job-runner';
import type { AlbumDisposal, PhotoAlbum } from './album';
import { ALBUM_API } from './album-api';
import { AlbumService } from './album-service';

/** A bulk action on albums: delete the records, or detach all their images; keeping or deleting the files. */
export interface AlbumBulkAction {
  readonly kind: 'delete' | 'detach';
  readonly disposal: AlbumDisposal;
}

/** Albums of one bulk job in flight at once (each may hold many files, removed a few at a time). */
export const ALBUM_BULK_CONCURRENCY = new InjectionToken<number>('AlbumBulkConcurrency', {
  providedIn: 'root',
  factory: () => 8,
});

const CHANGED = 'Changed by someone else since it was selected; left as it is.';
const FILES_AT_ONCE = 4;
const plural = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'album' : 'albums'}`;

export function albumBulkTitle(action: AlbumBulkAction, count: number): string {
  const files = action.disposal === 'delete-files' ? 'and their images' : 'keep their image files';
  return action.kind === 'delete'
    ? `Delete ${plural(count)}${action.disposal === 'delete-files' ? ' ' : ', '}${files}`
    : `Detach all images of ${plural(count)}${action.disposal === 'delete-files' ? ', delete the files' : ', keep the files'}`;
}

/**
 * Bulk delete and detach of albums on the one job runner, in the order that leaves at worst an
 * orphan: the record (or its list of images) changes first, the files go after. A retry finishes
 * what an earlier try left: an album already gone, or already emptied, counts as done and only
 * the files are left to delete; a file already gone counts as deleted. An album someone else
 * changed since it was selected is skipped, with the reason.
 */
@Injectable({ providedIn: 'root' })
export class AlbumBulk {
  private readonly albums = inject(AlbumService);
  private readonly api = inject(ALBUM_API);
  private readonly engine = inject(AttachmentEngine);
  private readonly runner = inject(JobRunner);
  private readonly concurrency = inject(ALBUM_BULK_CONCURRENCY);

  start(action: AlbumBulkAction, albums: readonly PhotoAlbum[]): Job<PhotoAlbum> {
    return this.runner.start({
      title: albumBulkTitle(action, albums.length),
      items: albums,
      label: (album) => album.name,
      concurrency: this.concurrency,
      operation: (album) =>
        action.kind === 'delete' ? this.deleteOne(album, action.disposal) : this.detachAll(album, action.disposal),
    });
  }

  deleteOne(album: PhotoAlbum, disposal: AlbumDisposal): Observable<unknown> {
    return this.albums.delete(album, disposal).pipe(
      catchError((err: unknown) => {
        if (!(err instanceof AttachmentError) || (err.kind !== 'conflict' && err.kind !== 'not-found')) {
          return throwError(() => err);
        }
        return defer(() => this.afterRefused(album, disposal, err, (current) => current === null));
      }),
    );
  }

  /** Empties the album's list of images (conditional on the version selected), then the files. */
  detachAll(album: PhotoAlbum, disposal: AlbumDisposal): Observable<unknown> {
    if (album.imagePaths.length === 0) return defer(async () => skip('It has no images.'));
    return defer(async () => {
      try {
        await this.api.update({ id: album.id, imagePaths: [] }, album.updatedAt);
      } catch (err) {
        const error = toAttachmentError(err);
        if (error.kind !== 'conflict' && error.kind !== 'not-found') throw error;
        return this.afterRefused(album, disposal, error, (current) => current?.imagePaths.length === 0);
      }
      album.imagePaths.forEach((p) => this.engine.forget(p));
      if (disposal === 'delete-files') await this.removeFiles(album);
      return undefined;
    });
  }

  /**
   * A conditional write was refused: read the album to learn why. `done` says whether its state
   * is what the action leaves (then only the files are left to delete); otherwise someone else
   * changed it (skipped), or it cannot be told (the item fails, to be retried).
   */
  private async afterRefused(
    album: PhotoAlbum,
    disposal: AlbumDisposal,
    err: AttachmentError,
    done: (current: PhotoAlbum | null) => boolean,
  ): Promise<unknown> {
    const current = await lastValueFrom(this.albums.get(album.id));
    if (done(current)) {
      if (disposal === 'delete-files') await this.removeFiles(album);
      return undefined;
    }
    if (current === null) return skip('Deleted by someone else meanwhile; its files were left as they are.');
    if (current.updatedAt !== album.updatedAt) return skip(CHANGED);
    throw err;
  }

  /** Deletes the files the album had (a file already gone counts as deleted); fails naming how many could not be. */
  private async removeFiles(album: PhotoAlbum): Promise<void> {
    const failures = await lastValueFrom(
      from(album.imagePaths).pipe(
        mergeMap(
          (path) => this.engine.remove(path).pipe(catchError((err: unknown) => [toAttachmentError(err)])),
          FILES_AT_ONCE,
        ),
        toArray(),
      ),
    );
    const failed = failures.filter((f): f is AttachmentError => f instanceof AttachmentError);
    if (failed.length) {
      throw new AttachmentError(
        failed[0]!.kind,
        `${failed.length} of the ${album.imagePaths.length} files of “${album.name}” could not be deleted (${failed[0]!.message}) The orphan report lists them.`,
        { cause: failed[0] },
      );
    }
  }
}

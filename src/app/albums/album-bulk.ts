import { Injectable, InjectionToken, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { type BulkSelection, isServerMatches, pagesWhere } from '../attachments/bulk-selection';
import { RecordBulkSteps } from '../attachments/record-bulk-steps';
import type { Job } from '../jobs/job';
import { JobRunner } from '../jobs/job-runner';
import { BulkUndo } from '../recovery/bulk-undo';
import type { AlbumDisposal, PhotoAlbum } from './album';
import { ALBUM_API } from './album-api';
import { ALBUM_IMAGES, AlbumService } from './album-service';

const disposal = (deleteFiles: boolean): AlbumDisposal => (deleteFiles ? 'delete-files' : 'keep-files');

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

const plural = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'album' : 'albums'}`;

export function albumBulkTitle(action: AlbumBulkAction, count: number): string {
  const files = action.disposal === 'delete-files' ? 'and their images' : 'keep their image files';
  return action.kind === 'delete'
    ? `Delete ${plural(count)}${action.disposal === 'delete-files' ? ' ' : ', '}${files}`
    : `Detach all images of ${plural(count)}${action.disposal === 'delete-files' ? ', delete the files' : ', keep the files'}`;
}

/** "Delete every album matching “trip” and their images": a job over every match on the server. */
export function albumMatchingTitle(action: AlbumBulkAction, search: string): string {
  const which = search ? `every album matching “${search}”` : 'every album';
  const files = action.disposal === 'delete-files';
  return action.kind === 'delete'
    ? `Delete ${which}${files ? ' and their images' : ', keep their image files'}`
    : `Detach all images of ${which}${files ? ', delete the files' : ', keep the files'}`;
}

/**
 * Bulk delete and detach of albums on the one job runner. Each item is a step of the generic bulk
 * steps (attachments/record-bulk-steps.ts) on AlbumService's operations: the record (or its list of
 * images) changes first, the files go after; a retry finishes what an earlier try left; an album
 * someone else changed since it was selected is skipped, with the reason.
 */
@Injectable({ providedIn: 'root' })
export class AlbumBulk {
  private readonly albums = inject(AlbumService);
  private readonly steps = new RecordBulkSteps<PhotoAlbum>(
    {
      field: ALBUM_IMAGES,
      get: (id) => this.albums.get(id),
      delete: (album, deleteFiles) => this.albums.delete(album, disposal(deleteFiles)),
      detach: (album, deleteFiles) => this.albums.detachAll(album, disposal(deleteFiles)),
    },
    inject(AttachmentEngine),
  );
  private readonly runner = inject(JobRunner);
  private readonly concurrency = inject(ALBUM_BULK_CONCURRENCY);
  private readonly undo = inject(BulkUndo);
  private readonly api = inject(ALBUM_API);

  /**
   * Runs the job on `selection`: the ticked albums, after which its panel offers Undo
   * (recovery/bulk-undo.ts); or every album matching a search on the server, read a page at a
   * time as the job goes (a detach reads only albums with images). Such a job keeps no item for
   * an Undo (UndoTarget.keepItems); its audit events carry what Recently deleted restores from.
   */
  start(action: AlbumBulkAction, selection: BulkSelection<PhotoAlbum>): Job<PhotoAlbum> {
    const onServer = isServerMatches(selection);
    const title = isServerMatches(selection)
      ? albumMatchingTitle(action, selection.search.trim())
      : albumBulkTitle(action, selection.length);
    const log = this.undo.log<PhotoAlbum>({
      kind: action.kind,
      deleteFiles: action.disposal === 'delete-files',
      field: ALBUM_IMAGES,
      fileFields: [ALBUM_IMAGES],
      api: this.api,
      label: (album) => album.name,
      title,
      concurrency: this.concurrency,
      ...(onServer ? { keepItems: false } : {}),
    });
    const job = {
      title,
      label: (album: PhotoAlbum) => album.name,
      concurrency: this.concurrency,
      operation: log.capture((album: PhotoAlbum) =>
        action.kind === 'delete' ? this.deleteOne(album, action.disposal) : this.detachAll(album, action.disposal),
      ),
    };
    if (!isServerMatches(selection)) return this.runner.start({ ...job, items: selection, undo: this.undo.offer(log) });
    const pages = this.albums.matching(selection.search.trim());
    const more = action.kind === 'delete' ? pages : pagesWhere(pages, (a) => a.imagePaths.length > 0);
    return this.runner.start({ ...job, items: [], more });
  }

  deleteOne(album: PhotoAlbum, disposal: AlbumDisposal): Observable<unknown> {
    return this.steps.deleteOne(album, disposal === 'delete-files');
  }

  /** Empties the album's list of images (conditional on the version selected), then the files. */
  detachAll(album: PhotoAlbum, disposal: AlbumDisposal): Observable<unknown> {
    return this.steps.detachOne(album, disposal === 'delete-files');
  }
}

import { Injectable, inject } from '@angular/core';
import { NEVER, Observable, defer, filter, map, share, shareReplay, throwError } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import type { RecordFileField } from '../attachments/record-file-field';
import type { FilesKept } from '../attachments/kept-files';
import { RecordFilesWorkflow } from '../attachments/record-files-workflow';
import { retryTransient } from '../attachments/retry';
import type { LiveRecords } from '../shared/record-list/record-list-state';
import { type ListQuery, type RecordChange, matchingPages, pagedRecords } from '../shared/record-list/record-pager';
import type { Transfer } from '../attachments/transfer';
import type { AddStep, AlbumDisposal, AlbumList, PhotoAlbum } from './album';
import { ALBUM_API } from './album-api';
import { MAX_IMAGES_PER_ALBUM, checkAlbumName } from './album-limits';

/**
 * An album's list of images, as the record-and-file workflow sees it (images only: the engine's
 * limits). The album's screens follow its realtime changes, so after a conflict they already show the
 * other change: messages say so instead of asking for a reload.
 */
export const ALBUM_IMAGES: RecordFileField<PhotoAlbum> = {
  field: 'imagePaths',
  model: 'PhotoAlbum',
  kind: 'many',
  record: 'album',
  file: 'image',
  name: (album) => album.name,
  screens: 'live',
  maxFiles: MAX_IMAGES_PER_ALBUM,
};

/**
 * Photo albums and their list of image files: the typed face of the record-and-file workflow
 * (attachments/record-files-workflow.ts), which keeps the safe order and the conditional writes of
 * every change. This adds the album's own rules (its name) and the app's one live list. Fails with
 * AttachmentError only.
 */
@Injectable({ providedIn: 'root' })
export class AlbumService {
  private readonly api = inject(ALBUM_API);
  private readonly workflow = new RecordFilesWorkflow(this.api, inject(AttachmentEngine), ALBUM_IMAGES);

  private readonly live = defer(() => this.api.observe()).pipe(
    map(({ items, synced }): AlbumList => ({ items, synced })),
    retryTransient(),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  /** The albums' realtime changes (onCreate / onUpdate / onDelete), one subscription for the app, resubscribed when the backend drops away. */
  private readonly changeFeed = defer(() => this.api.changes()).pipe(retryTransient(), share());

  /** Live list of all albums (observeQuery, realtime): every album, so no screen uses it; kept for the integration tests' watcher. */
  list(): Observable<AlbumList> {
    return this.live;
  }

  /**
   * The table's albums: read from the server a page at a time as the table asks, searched there by
   * name (a list field cannot be searched for part of a value), kept current by the realtime
   * subscriptions (record-pager.ts).
   */
  pages(query: ListQuery): Observable<LiveRecords<PhotoAlbum>> {
    return pagedRecords(this.api, query, { searchFields: ['name'] }).pipe(retryTransient());
  }

  /** Every album matching the table's search on the server, a page at a time (a bulk job over more than the loaded). */
  matching(search: string): () => Promise<readonly PhotoAlbum[] | null> {
    return matchingPages(this.api, ['name'], search);
  }

  /** Every album's realtime changes: what the album page follows its one album by (shared/record-live.ts). */
  changes(): Observable<RecordChange<PhotoAlbum>> {
    return this.changeFeed;
  }

  /** The album as stored now, or null when there is none; one read, then completes. */
  get(id: string): Observable<PhotoAlbum | null> {
    return this.workflow.get(id);
  }

  /** An empty album; one that landed although its answer was lost is read back. */
  create(name: string): Observable<PhotoAlbum> {
    const checked = checkAlbumName(name);
    if (checked instanceof AttachmentError) return throwError(() => checked);
    return this.workflow.create({ name: checked }).pipe(
      filter((step) => step.type === 'done'),
      map((step) => step.value),
    );
  }

  /** Only the name is sent, so a rename never undoes another operator's change to the images. */
  rename(album: PhotoAlbum, name: string): Observable<PhotoAlbum> {
    const checked = checkAlbumName(name);
    if (checked instanceof AttachmentError) return throwError(() => checked);
    return this.workflow.update(album, { name: checked });
  }

  /**
   * Uploads several files and appends them with one conditional update. Emits the progress of
   * every file; `cancel$` cancels one file by its index in `files`.
   */
  addFiles(album: PhotoAlbum, files: readonly File[], cancel$: Observable<number> = NEVER): Observable<AddStep> {
    return this.workflow.add(album, files, cancel$).pipe(
      map((step): AddStep => {
        if (step.type === 'progress') return step;
        const { record, added, failed } = step.value;
        return { type: 'done', value: { album: record, added, failed } };
      }),
    );
  }

  /** Stops pointing at one image (conditional), then deletes its file. Also drops a missing file's reference. */
  removeImage(album: PhotoAlbum, path: string): Observable<PhotoAlbum> {
    return this.workflow.remove(album, path);
  }

  /** Uploads the new file, swaps it in at the old one's place (conditional), then deletes the old file. */
  replaceImage(album: PhotoAlbum, path: string, file: File): Observable<Transfer<PhotoAlbum>> {
    return this.workflow.replace(album, path, file);
  }

  /** Saves a new order (conditional). The same order as now writes nothing. */
  reorder(album: PhotoAlbum, order: readonly string[]): Observable<PhotoAlbum> {
    return this.workflow.reorder(album, order);
  }

  /** Empties the list of images (conditional); 'delete-files' then deletes the files. */
  detachAll(album: PhotoAlbum, disposal: AlbumDisposal): Observable<PhotoAlbum> {
    return this.workflow.detach(album, disposal === 'delete-files');
  }

  /**
   * Deletes the record (conditional), then, with 'delete-files', the files it pointed at that no
   * other record uses (those are kept, named in the result).
   */
  delete(album: PhotoAlbum, disposal: AlbumDisposal): Observable<FilesKept> {
    return this.workflow.delete(album, disposal === 'delete-files');
  }
}

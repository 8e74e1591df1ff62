import { Injectable, inject } from '@angular/core';
import { Observable, defer, map, share, shareReplay, throwError } from 'rxjs';
import type { LiveRecords } from '../shared/record-list/record-list-state';
import { type ListQuery, type RecordChange, matchingPages, pagedRecords } from '../shared/record-list/record-pager';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import type { RecordFileField } from '../attachments/record-file-field';
import type { FilesKept } from '../attachments/kept-files';
import { RecordFileWorkflow } from '../attachments/record-file-workflow';
import { retryTransient } from '../attachments/retry';
import type { Transfer } from '../attachments/transfer';
import type { FileDisposal, Song, SongList } from './song';
import { SONG_API } from './song-api';
import { checkTitle } from './song-title';

/** The song fields a table search asks the server about. */
const SEARCH_FIELDS = ['name', 'coverArtPath'];

/** A song's one cover, as the record-and-file workflow sees it (images only: the engine's limits). */
export const SONG_COVER: RecordFileField<Song> = {
  field: 'coverArtPath',
  model: 'Song',
  kind: 'one',
  record: 'song',
  file: 'cover',
  name: (song) => song.name,
  screens: 'snapshot',
};

/**
 * Songs and their one cover file: the typed face of the record-and-file workflow
 * (attachments/record-file-workflow.ts), which keeps the safe order of every step. This adds the
 * song's own rules (its title) and the app's one live list. Fails with AttachmentError only.
 */
@Injectable({ providedIn: 'root' })
export class SongService {
  private readonly api = inject(SONG_API);
  private readonly workflow = new RecordFileWorkflow(this.api, inject(AttachmentEngine), SONG_COVER);

  /** One observeQuery for the whole app, resubscribed with backoff when the backend drops away. */
  private readonly live = defer(() => this.api.observe()).pipe(
    map(({ items, synced }): SongList => ({ items, synced })),
    retryTransient(),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  /** The songs' realtime changes (onCreate / onUpdate / onDelete), one subscription for the app, resubscribed when the backend drops away. */
  private readonly changeFeed = defer(() => this.api.changes()).pipe(retryTransient(), share());

  /** Live list of all songs (observeQuery, realtime): every song, so no screen uses it; kept for the integration tests' watcher. */
  list(): Observable<SongList> {
    return this.live;
  }

  /**
   * The table's songs: read from the server a page at a time as the table asks, searched there by
   * title and cover path, kept current by the realtime subscriptions (record-pager.ts).
   */
  pages(query: ListQuery): Observable<LiveRecords<Song>> {
    return pagedRecords(this.api, query, { searchFields: SEARCH_FIELDS }).pipe(retryTransient());
  }

  /** Every song matching the table's search on the server, a page at a time (for a bulk job over more than the loaded). */
  matching(search: string): () => Promise<readonly Song[] | null> {
    return matchingPages(this.api, SEARCH_FIELDS, search);
  }

  /** Every song's realtime changes: what a detail page follows its one song by (shared/record-live.ts). */
  changes(): Observable<RecordChange<Song>> {
    return this.changeFeed;
  }

  /** The song as stored now, or null when there is none; one read, then completes. */
  get(id: string): Observable<Song | null> {
    return this.workflow.get(id);
  }

  /**
   * Create; with a cover the file is uploaded first, under the new song's id, and the record is
   * created pointing at it: a failed upload creates nothing, a failed create removes the upload.
   * Progress while uploading.
   */
  create(name: string, cover?: File): Observable<Transfer<Song>> {
    const title = checkTitle(name);
    if (title instanceof AttachmentError) return throwError(() => title);
    return this.workflow.create({ name: title }, cover);
  }

  /** Only the name is sent, so a rename can never undo another operator's file change. */
  rename(song: Song, name: string): Observable<Song> {
    const title = checkTitle(name);
    if (title instanceof AttachmentError) return throwError(() => title);
    return this.workflow.update(song, { name: title });
  }

  /** Attach (no cover yet) or replace (has one): upload, conditional update on song.updatedAt, delete old. */
  setCover(song: Song, file: File): Observable<Transfer<Song>> {
    return this.workflow.setFile(song, file);
  }

  /** Clear the reference (conditional); 'delete-file' then deletes the file. */
  detach(song: Song, disposal: FileDisposal): Observable<Song> {
    return this.workflow.detach(song, disposal === 'delete-file');
  }

  /** Delete the record; 'delete-file' then deletes its cover unless another record uses it (kept, named in the result). */
  delete(song: Song, disposal: FileDisposal): Observable<FilesKept> {
    return this.workflow.delete(song, disposal === 'delete-file');
  }
}

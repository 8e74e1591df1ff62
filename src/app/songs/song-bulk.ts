import { Injectable, InjectionToken, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { type BulkSelection, isServerMatches, pagesWhere } from '../attachments/bulk-selection';
import { RecordBulkSteps } from '../attachments/record-bulk-steps';
import type { Job } from '../jobs/job';
import { JobRunner } from '../jobs/job-runner';
import { BulkUndo } from '../recovery/bulk-undo';
import type { FileDisposal, Song } from './song';
import { SONG_API } from './song-api';
import { SONG_COVER, SongService } from './song-service';

const disposal = (deleteFile: boolean): FileDisposal => (deleteFile ? 'delete-file' : 'keep-file');

/** A bulk action on songs: delete the records or detach their covers, keeping or deleting the files. */
export interface SongBulkAction {
  readonly kind: 'delete' | 'detach';
  readonly disposal: FileDisposal;
}

/**
 * Items of one bulk song job in flight at once. Each item is two or three requests that mostly
 * wait on the network, so more than the app-wide default pays off (integration/bulk-delete.bench.ts:
 * 16 at once was 9.8× faster than one by one at 20 ms a request, 32 was 17.8×); far below what
 * AppSync and S3 accept. A browser speaking HTTP/1.1 to one host queues beyond 6 of its own.
 */
export const SONG_BULK_CONCURRENCY = new InjectionToken<number>('SongBulkConcurrency', {
  providedIn: 'root',
  factory: () => 32,
});

const plural = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'song' : 'songs'}`;

/** "Delete 20 songs and their covers", "Detach the covers of 3 songs, keep the files". */
export function bulkTitle(action: SongBulkAction, count: number): string {
  if (action.kind === 'delete') {
    return action.disposal === 'delete-file'
      ? `Delete ${plural(count)} and their covers`
      : `Delete ${plural(count)}, keep their cover files`;
  }
  return action.disposal === 'delete-file'
    ? `Detach and delete the covers of ${plural(count)}`
    : `Detach the covers of ${plural(count)}, keep the files`;
}

/** "Delete every song matching “blue” and their covers", "Detach the covers of every song, keep the files". */
export function matchingTitle(action: SongBulkAction, search: string): string {
  const which = search.trim() ? `every song matching “${search.trim()}”` : 'every song';
  if (action.kind === 'delete') {
    return action.disposal === 'delete-file'
      ? `Delete ${which} and their covers`
      : `Delete ${which}, keep their cover files`;
  }
  return action.disposal === 'delete-file'
    ? `Detach and delete the covers of ${which}`
    : `Detach the covers of ${which}, keep the files`;
}

/**
 * Bulk delete and detach of songs on the one job runner. Each item is a step of the generic bulk
 * steps (attachments/record-bulk-steps.ts) on SongService's operations: the record or its reference
 * first, the file after; a retry finishes what an earlier try left; a song someone else changed
 * since it was selected is skipped, with the reason.
 */
@Injectable({ providedIn: 'root' })
export class SongBulk {
  private readonly songs = inject(SongService);
  private readonly steps = new RecordBulkSteps<Song>(
    {
      field: SONG_COVER,
      get: (id) => this.songs.get(id),
      delete: (song, deleteFile) => this.songs.delete(song, disposal(deleteFile)),
      detach: (song, deleteFile) => this.songs.detach(song, disposal(deleteFile)),
    },
    inject(AttachmentEngine),
  );
  private readonly runner = inject(JobRunner);
  private readonly concurrency = inject(SONG_BULK_CONCURRENCY);
  private readonly undo = inject(BulkUndo);
  private readonly api = inject(SONG_API);

  /**
   * Runs the job on `selection`: the ticked songs, after which its panel offers Undo
   * (recovery/bulk-undo.ts); or every song matching a search on the server (all songs without
   * one), read a page at a time as the job goes (a detach reads only songs with a cover), so
   * memory holds one page. Such a job keeps no item for an Undo (UndoTarget.keepItems); its
   * audit events carry what Recently deleted restores from.
   */
  start(action: SongBulkAction, selection: BulkSelection<Song>): Job<Song> {
    const onServer = isServerMatches(selection);
    const title = isServerMatches(selection)
      ? matchingTitle(action, selection.search)
      : bulkTitle(action, selection.length);
    const log = this.undo.log<Song>({
      kind: action.kind,
      deleteFiles: action.disposal === 'delete-file',
      field: SONG_COVER,
      fileFields: [SONG_COVER],
      api: this.api,
      label: (song) => song.name,
      title,
      concurrency: this.concurrency,
      ...(onServer ? { keepItems: false } : {}),
    });
    const job = {
      title,
      label: (song: Song) => song.name,
      concurrency: this.concurrency,
      operation: log.capture((song: Song) =>
        action.kind === 'delete' ? this.deleteOne(song, action.disposal) : this.detachOne(song, action.disposal),
      ),
    };
    if (!isServerMatches(selection)) return this.runner.start({ ...job, items: selection, undo: this.undo.offer(log) });
    const pages = this.songs.matching(selection.search);
    const more = action.kind === 'delete' ? pages : pagesWhere(pages, (s) => !!s.coverArtPath);
    return this.runner.start({ ...job, items: [], more });
  }

  /** One song of a bulk delete. */
  deleteOne(song: Song, disposal: FileDisposal): Observable<unknown> {
    return this.steps.deleteOne(song, disposal === 'delete-file');
  }

  /** One song of a bulk detach. */
  detachOne(song: Song, disposal: FileDisposal): Observable<unknown> {
    return this.steps.detachOne(song, disposal === 'delete-file');
  }
}

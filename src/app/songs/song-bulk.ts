import { Injectable, InjectionToken, inject } from '@angular/core';
import { type Observable, catchError, defer, lastValueFrom, of, throwError } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { type Job, skip } from '../jobs/job';
import { JobRunner } from '../jobs/job-runner';
import type { FileDisposal, Song } from './song';
import { SongService } from './song-service';

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

const CHANGED = 'Changed by someone else since it was selected; left as it is.';

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

/**
 * Bulk delete and detach of songs on the one job runner. Each item runs SongService's workflow,
 * whose order leaves at worst an orphan (the record or its reference first, the file after). A
 * retry picks up where an earlier try stopped: a record already gone (or a cover already
 * detached) counts as done and only the file step is left; a file already gone counts as deleted.
 * A song someone else changed since it was selected is skipped, with the reason.
 */
@Injectable({ providedIn: 'root' })
export class SongBulk {
  private readonly songs = inject(SongService);
  private readonly engine = inject(AttachmentEngine);
  private readonly runner = inject(JobRunner);
  private readonly concurrency = inject(SONG_BULK_CONCURRENCY);

  start(action: SongBulkAction, songs: readonly Song[]): Job<Song> {
    return this.runner.start({
      title: bulkTitle(action, songs.length),
      items: songs,
      label: (song) => song.name,
      concurrency: this.concurrency,
      operation: (song) =>
        action.kind === 'delete' ? this.deleteOne(song, action.disposal) : this.detachOne(song, action.disposal),
    });
  }

  /** One song of a bulk delete. */
  deleteOne(song: Song, disposal: FileDisposal): Observable<unknown> {
    return this.songs.delete(song, disposal).pipe(
      catchError((err: unknown) => {
        if (!(err instanceof AttachmentError) || (err.kind !== 'conflict' && err.kind !== 'not-found')) {
          return throwError(() => err);
        }
        return defer(() => this.afterRefusedDelete(song, disposal, err));
      }),
    );
  }

  /** One song of a bulk detach. */
  detachOne(song: Song, disposal: FileDisposal): Observable<unknown> {
    if (!song.coverArtPath) return of(skip('It has no cover.'));
    return this.songs.detach(song, disposal).pipe(
      catchError((err: unknown) => {
        if (!(err instanceof AttachmentError) || (err.kind !== 'conflict' && err.kind !== 'not-found')) {
          return throwError(() => err);
        }
        return defer(() => this.afterRefusedDetach(song, disposal));
      }),
    );
  }

  /**
   * The delete was refused: read the song to learn why (the refusal alone cannot tell; a read that
   * fails fails the item, to be retried).
   */
  private async afterRefusedDelete(song: Song, disposal: FileDisposal, err: AttachmentError): Promise<unknown> {
    const current = await lastValueFrom(this.songs.get(song.id));
    // Gone: deleted by an earlier try (its file step failed, or its answer was lost) or by
    // someone else. No record points at the cover any more, so deleting it is safe.
    if (current === null) {
      if (disposal === 'delete-file') await lastValueFrom(this.removeFile(song), { defaultValue: undefined });
      return undefined;
    }
    if (current.updatedAt !== song.updatedAt) return skip(CHANGED);
    throw err;
  }

  /** The detach was refused: the song changed since it was selected. Read it to learn how. */
  private async afterRefusedDetach(song: Song, disposal: FileDisposal): Promise<unknown> {
    const current = await lastValueFrom(this.songs.get(song.id));
    if (current === null) return skip('Deleted by someone else meanwhile; its cover file was left as it is.');
    // Detached already (by an earlier try whose file step failed or whose answer was lost).
    if (current.coverArtPath === null) {
      if (disposal === 'delete-file') await lastValueFrom(this.removeFile(song), { defaultValue: undefined });
      return undefined;
    }
    return skip(CHANGED);
  }

  /** Deletes the cover the song had; a file already gone counts as deleted. */
  private removeFile(song: Song): Observable<void> {
    return song.coverArtPath ? this.engine.remove(song.coverArtPath) : of(undefined);
  }
}

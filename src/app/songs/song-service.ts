import { Injectable, inject } from '@angular/core';
import {
  type MonoTypeOperatorFunction,
  Observable,
  catchError,
  defer,
  lastValueFrom,
  map,
  shareReplay,
  throwError,
} from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { toAttachmentError } from '../attachments/error-mapping';
import { retryTransient } from '../attachments/retry';
import { Transfer } from '../attachments/transfer';
import { FileDisposal, Song, SongList } from './song';
import { SONG_API } from './song-api';
import { checkTitle } from './song-title';

const quoted = (song: Pick<Song, 'name'>) => `“${song.name}”`;

/**
 * Songs and their one cover file. The order of every workflow favours orphans over dangling
 * references (docs/architecture.md): upload first, then point the record at the new file with an
 * update conditional on the version the operator saw, then delete the old file; clear a reference
 * before deleting its file; delete a record before its file. A failure part-way leaves at worst an
 * unreferenced file, never a record pointing at a missing one. Fails with AttachmentError only.
 */
@Injectable({ providedIn: 'root' })
export class SongService {
  private readonly api = inject(SONG_API);
  private readonly engine = inject(AttachmentEngine);

  /** One observeQuery for the whole app, resubscribed with backoff when the backend drops away. */
  private readonly live = defer(() => this.api.observe()).pipe(
    map(({ items, synced }): SongList => ({ items, synced })),
    retryTransient(),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  /** Live list of all songs (observeQuery, realtime). Sorting/filtering is done by the screen. */
  list(): Observable<SongList> {
    return this.live;
  }

  /** The song as stored now, or null when there is none; one read, then completes. */
  get(id: string): Observable<Song | null> {
    return defer(() => this.api.get(id)).pipe(mapErrors());
  }

  /**
   * Create; with a cover the file is uploaded first, under the new song's id, and the record is
   * created pointing at it: a failed upload creates nothing, a failed create removes the upload.
   * Progress while uploading.
   */
  create(name: string, cover?: File): Observable<Transfer<Song>> {
    const title = checkTitle(name);
    if (title instanceof AttachmentError) return throwError(() => title);
    const id = crypto.randomUUID();
    if (!cover) {
      return defer(() =>
        this.api.create({ id, name: title, coverArtPath: null }).catch(async (err: unknown) => {
          // A create that landed although its answer was lost is retried by the client and then refused.
          const landed = await this.api.get(id).catch(() => null);
          if (landed) return landed;
          throw err;
        }),
      ).pipe(
        map((song): Transfer<Song> => ({ type: 'done', value: song })),
        mapErrors(),
      );
    }
    return this.uploadThen(id, cover, (path) =>
      this.pointAt(id, path, undefined, () => this.api.create({ id, name: title, coverArtPath: path })),
    );
  }

  rename(song: Song, name: string): Observable<Song> {
    const title = checkTitle(name);
    if (title instanceof AttachmentError) return throwError(() => title);
    // Only the name is sent, so a rename can never undo another operator's file change.
    return defer(async () => {
      try {
        return await this.api.update({ id: song.id, name: title });
      } catch (err) {
        throw await this.explain(song, err);
      }
    });
  }

  /** Attach (no cover yet) or replace (has one): upload, conditional update on song.updatedAt, delete old. */
  setCover(song: Song, file: File): Observable<Transfer<Song>> {
    const old = song.coverArtPath;
    return this.uploadThen(song.id, file, async (path) => {
      const updated = await this.pointAt(song.id, path, song, () =>
        this.api.update({ id: song.id, coverArtPath: path }, song.updatedAt),
      );
      if (old && old !== path) await this.removeQuietly(old);
      return updated;
    });
  }

  /** Clear the reference (conditional); 'delete-file' then deletes the file. */
  detach(song: Song, disposal: FileDisposal): Observable<Song> {
    return defer(async () => {
      const old = song.coverArtPath;
      if (!old) throw new AttachmentError('invalid-input', `${quoted(song)} has no cover to detach.`);
      let updated: Song;
      try {
        updated = await this.api.update({ id: song.id, coverArtPath: null }, song.updatedAt);
      } catch (err) {
        throw await this.explain(song, err);
      }
      this.engine.forget(old);
      if (disposal === 'delete-file') {
        await this.removeOrSay(
          old,
          `The cover was detached from ${quoted(updated)}, but its file could not be deleted`,
        );
      }
      return updated;
    });
  }

  /** Delete the record; 'delete-file' then deletes its cover. */
  delete(song: Song, disposal: FileDisposal): Observable<void> {
    return defer(async () => {
      let deleted: Song;
      try {
        deleted = await this.api.delete(song.id, song.updatedAt);
      } catch (err) {
        throw await this.explain(song, err);
      }
      // The cover the record had when it was deleted (the condition makes it the one the operator saw).
      const path = deleted.coverArtPath;
      if (!path) return;
      this.engine.forget(path);
      if (disposal === 'delete-file') {
        await this.removeOrSay(path, `${quoted(song)} was deleted, but its cover file could not be deleted`);
      }
    });
  }

  /**
   * Uploads, then runs `then` with the stored path. Unsubscribing cancels the upload; once the
   * file is stored the remaining steps run to the end, so no half-done state is left behind.
   */
  private uploadThen(recordId: string, file: File, then: (path: string) => Promise<Song>): Observable<Transfer<Song>> {
    return new Observable<Transfer<Song>>((subscriber) => {
      const upload = this.engine.upload(recordId, file).subscribe({
        next: (step) => {
          if (step.type === 'progress') {
            subscriber.next(step);
            return;
          }
          then(step.value).then(
            (song) => {
              subscriber.next({ type: 'done', value: song });
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

  /**
   * Runs the write that makes a record point at a fresh upload. When it fails, the upload is
   * removed, unless the record does point at it after all (a write that landed although its
   * answer was lost) or that cannot be known (backend unreachable): then the file stays, an
   * orphan at worst, never a dangling reference.
   */
  private async pointAt(id: string, path: string, song: Song | undefined, write: () => Promise<Song>): Promise<Song> {
    try {
      return await write();
    } catch (err) {
      let current: Song | null;
      try {
        current = await this.api.get(id);
      } catch {
        throw toAttachmentError(err); // unknown outcome: keep the upload
      }
      if (current?.coverArtPath === path) return current;
      await this.removeQuietly(path);
      throw song ? describe(song, err, current, ' Your file was discarded.') : toAttachmentError(err);
    }
  }

  /** A failed write on `song`, in words; reads the record to tell a deletion from someone else's change. */
  private async explain(song: Song, err: unknown): Promise<AttachmentError> {
    const kind = toAttachmentError(err).kind;
    if (kind !== 'conflict' && kind !== 'not-found') return toAttachmentError(err);
    const current = await this.api.get(song.id).catch(() => undefined);
    return describe(song, err, current);
  }

  private async removeQuietly(path: string): Promise<void> {
    try {
      await lastValueFrom(this.engine.remove(path), { defaultValue: undefined });
    } catch {
      // Left as an orphan: the orphan report finds unreferenced files.
    }
  }

  private async removeOrSay(path: string, what: string): Promise<void> {
    try {
      await lastValueFrom(this.engine.remove(path), { defaultValue: undefined });
    } catch (err) {
      const error = toAttachmentError(err);
      throw new AttachmentError(error.kind, `${what}: ${error.message} The orphan report lists the file.`, {
        cause: err,
      });
    }
  }
}

/** `current`: the record as read after the failure (null: gone; undefined: could not be read). */
function describe(song: Song, err: unknown, current: Song | null | undefined, outcome = ''): AttachmentError {
  const error = toAttachmentError(err);
  if (error.kind !== 'conflict' && error.kind !== 'not-found') return error;
  if (current === null) {
    return new AttachmentError('not-found', `${quoted(song)} no longer exists: someone deleted it.${outcome}`, {
      cause: err,
    });
  }
  return new AttachmentError(
    'conflict',
    `${quoted(song)} was changed by someone else since you opened it, and their change was kept.${outcome} Reload to see the latest version, then try again.`,
    { cause: err },
  );
}

function mapErrors<T>(): MonoTypeOperatorFunction<T> {
  return catchError((err: unknown) => throwError(() => toAttachmentError(err)));
}

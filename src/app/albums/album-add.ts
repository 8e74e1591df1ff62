import { EMPTY, NEVER, Observable, Subscription, catchError, filter, from, mergeMap, takeUntil, tap } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { toAttachmentError } from '../attachments/error-mapping';
import type { Transfer } from '../attachments/transfer';
import type { AddStep, FileUpload, PhotoAlbum } from './album';
import type { AlbumApi } from './album-api';
import { ADD_ATTEMPTS, UPLOAD_CONCURRENCY, checkRoom } from './album-limits';

/** What an add batch needs from the engine and the Data seam. */
export interface AddDeps {
  readonly api: AlbumApi;
  validate(file: File): AttachmentError | null;
  upload(recordId: string, file: File): Observable<Transfer<string>>;
  /** Deletes an upload that no record will point at; never fails (an orphan at worst). */
  discard(paths: readonly string[]): Promise<void>;
}

const quoted = (album: Pick<PhotoAlbum, 'name'>) => `“${album.name}”`;
const images = (n: number) => (n === 1 ? '1 image' : `${n} images`);

/**
 * Adds files to an album: checks each file, uploads the valid ones (UPLOAD_CONCURRENCY at a time,
 * each cancelable through `cancel$` by its index), then makes one update appending every path that
 * was stored. Additions commute, so when someone else changed the album meanwhile the add reads it
 * again and applies itself to what is there now (ADD_ATTEMPTS times at most). Files that fail are
 * listed, not fatal. When the write fails for good the uploads are removed; unsubscribing before
 * the write cancels the uploads and removes those already stored.
 */
export function addFiles(
  deps: AddDeps,
  album: PhotoAlbum,
  files: readonly File[],
  cancel$: Observable<number> = NEVER,
  concurrency = UPLOAD_CONCURRENCY,
): Observable<AddStep> {
  return new Observable<AddStep>((subscriber) => {
    const state: FileUpload[] = files.map((file, index) => {
      const invalid = deps.validate(file);
      const base = { index, name: file.name, size: file.size, sent: 0 };
      return invalid ? { ...base, status: 'invalid', error: invalid } : { ...base, status: 'queued' };
    });
    const set = (index: number, change: Partial<FileUpload>) => {
      state[index] = { ...state[index]!, ...change };
    };
    const emit = () => {
      const counted = state.filter((f) => f.status === 'queued' || f.status === 'uploading' || f.status === 'stored');
      subscriber.next({
        type: 'progress',
        files: [...state],
        sent: counted.reduce((sum, f) => sum + f.sent, 0),
        total: counted.reduce((sum, f) => sum + f.size, 0),
      });
    };
    const stored = () => state.flatMap((f) => (f.status === 'stored' && f.path ? [f.path] : []));
    let writing = false;

    const room = checkRoom(album.imagePaths.length, state.filter((f) => f.status === 'queued').length);
    if (files.length === 0) {
      subscriber.error(new AttachmentError('invalid-input', 'Choose at least one image to add.'));
      return;
    }
    if (room) {
      subscriber.error(room);
      return;
    }
    emit();

    const cancels = new Subscription();
    cancels.add(
      cancel$.subscribe((index) => {
        if (state[index]?.status !== 'queued') return;
        set(index, {
          status: 'canceled',
          error: new AttachmentError('canceled', `“${state[index]!.name}” was not added.`),
        });
        emit();
      }),
    );

    const queued = state.filter((f) => f.status === 'queued').map((f) => f.index);
    const uploads = from(queued)
      .pipe(
        mergeMap((index) => {
          if (state[index]!.status !== 'queued') return EMPTY;
          set(index, { status: 'uploading' });
          emit();
          let finished = false;
          return deps.upload(album.id, files[index]!).pipe(
            takeUntil(cancel$.pipe(filter((i) => i === index))),
            tap({
              next: (step) => {
                if (step.type === 'progress') set(index, { sent: Math.min(step.sent, state[index]!.size) });
                else {
                  finished = true;
                  set(index, { status: 'stored', sent: state[index]!.size, path: step.value });
                }
                emit();
              },
              complete: () => {
                if (finished) return;
                set(index, {
                  status: 'canceled',
                  sent: 0,
                  error: new AttachmentError('canceled', `“${state[index]!.name}” was not added.`),
                });
                emit();
              },
            }),
            catchError((err: unknown) => {
              set(index, { status: 'failed', sent: 0, error: toAttachmentError(err) });
              emit();
              return EMPTY;
            }),
          );
        }, concurrency),
      )
      .subscribe({
        complete: () => {
          cancels.unsubscribe();
          const paths = stored();
          const failed = state.filter((f) => f.status !== 'stored');
          if (paths.length === 0) {
            subscriber.next({ type: 'done', value: { album, added: [], failed } });
            subscriber.complete();
            return;
          }
          writing = true;
          applyAdd(deps, album, paths).then(
            (updated) => {
              subscriber.next({ type: 'done', value: { album: updated, added: paths, failed } });
              subscriber.complete();
            },
            (err: unknown) => subscriber.error(toAttachmentError(err)),
          );
        },
      });

    return () => {
      cancels.unsubscribe();
      uploads.unsubscribe();
      // Stopped before the write: nothing will point at what was stored.
      if (!writing) void deps.discard(stored());
    };
  });
}

/** The one conditional update of an add, re-applied after someone else's change. */
async function applyAdd(deps: AddDeps, album: PhotoAlbum, paths: readonly string[]): Promise<PhotoAlbum> {
  const { api } = deps;
  const landed = (a: PhotoAlbum | null) => !!a && paths.every((p) => a.imagePaths.includes(p));
  let base = album;
  for (let attempt = 1; ; attempt++) {
    const full = checkRoom(base.imagePaths.length, paths.length);
    if (full) {
      await deps.discard(paths);
      throw full;
    }
    let error: AttachmentError;
    try {
      return await api.update({ id: album.id, imagePaths: [...base.imagePaths, ...paths] }, base.updatedAt);
    } catch (err) {
      error = toAttachmentError(err);
    }
    let current: PhotoAlbum | null;
    try {
      current = await api.get(album.id);
    } catch {
      // Whether the write landed cannot be known: keep the uploads (orphans at worst).
      throw error;
    }
    // A write that landed although its answer was lost (the client's retry then meets a conflict).
    if (landed(current)) return current!;
    const discarded = ` Your ${images(paths.length)} ${paths.length === 1 ? 'was' : 'were'} discarded.`;
    if (current === null) {
      await deps.discard(paths);
      throw new AttachmentError('not-found', `${quoted(album)} no longer exists: someone deleted it.${discarded}`, {
        cause: error,
      });
    }
    if (error.kind !== 'conflict' && error.kind !== 'not-found') {
      await deps.discard(paths);
      throw error;
    }
    if (attempt >= ADD_ATTEMPTS) {
      await deps.discard(paths);
      throw new AttachmentError(
        'conflict',
        `${quoted(album)} kept changing while your images were added (${ADD_ATTEMPTS} tries).${discarded} Try again in a moment.`,
        { cause: error },
      );
    }
    base = current;
  }
}

import { EMPTY, NEVER, Observable, Subscription, catchError, filter, from, mergeMap, takeUntil, tap } from 'rxjs';
import { AttachmentError } from './attachment-error';
import { toAttachmentError } from './error-mapping';
import { DEFAULT_MAX_FILES, type RecordFileField, type StoredRecord, countOf, quoted } from './record-file-field';
import type { Transfer } from './transfer';

/**
 * Uploads of one add batch that run at once. Browsers open at most 6 HTTP/1.1 connections per
 * host, and the page's thumbnails come from the same S3 endpoint: 3 overlaps request latency
 * while leaving connections for thumbnails, and keeps per-file progress readable.
 * integration/albums.bench.ts measures 1, 3 and 6.
 */
export const UPLOAD_CONCURRENCY = 3;

/** Times an add re-reads the record and applies itself again after someone else's change. */
export const ADD_ATTEMPTS = 5;

/** One file of an add batch, as its progress list shows it. */
export interface FileUpload {
  /** Position in the batch (the same file dropped twice is two entries). */
  readonly index: number;
  readonly name: string;
  readonly size: number;
  readonly status: 'invalid' | 'queued' | 'uploading' | 'stored' | 'failed' | 'canceled';
  readonly sent: number;
  /** Stored path once uploaded. */
  readonly path?: string;
  /** Why the file did not make it (invalid, failed, canceled). */
  readonly error?: AttachmentError;
}

/** Where an add batch is: every file, and bytes sent over all files that are being uploaded. */
export interface AddProgress {
  readonly files: readonly FileUpload[];
  readonly sent: number;
  readonly total: number;
}

/** How an add batch ended: the record as written, the paths added, the files that did not make it. */
export interface FilesAdded<T> {
  readonly record: T;
  readonly added: readonly string[];
  readonly failed: readonly FileUpload[];
}

export type AddFilesStep<T> =
  | ({ readonly type: 'progress' } & AddProgress)
  | { readonly type: 'done'; readonly value: FilesAdded<T> };

/** What an add batch needs from its workflow (RecordFilesWorkflow). */
export interface AddDeps<T extends StoredRecord> {
  readonly field: RecordFileField<T>;
  paths(record: T): readonly string[];
  validate(file: File): AttachmentError | null;
  upload(recordId: string, file: File): Observable<Transfer<string>>;
  /** The list written, conditional on `base`'s version; fails as the Data client does (unexplained). */
  writeList(base: T, paths: readonly string[]): Promise<T>;
  read(id: string): Promise<T | null>;
  /** Deletes uploads that no record will point at; never fails (an orphan at worst). */
  discard(paths: readonly string[]): Promise<void>;
}

/** The invalid-input error when `adding` more files would take the list past its limit. */
export function checkRoom<T extends StoredRecord>(
  field: RecordFileField<T>,
  current: number,
  adding: number,
): AttachmentError | null {
  const max = field.maxFiles ?? DEFAULT_MAX_FILES;
  if (current + adding <= max) return null;
  const room = Math.max(0, max - current);
  const what = room === 0 ? 'it is full' : `there is room for ${room} more`;
  const a = /^[aeiou]/i.test(field.record) ? 'An' : 'A';
  return new AttachmentError(
    'invalid-input',
    `${a} ${field.record} can hold at most ${countOf(field, max)}; this one has ${current}, so ${what}. Nothing was added.`,
  );
}

/**
 * Adds files to a record's list: checks each file, uploads the valid ones (`concurrency` at a
 * time, each cancelable through `cancel$` by its index), then makes one update appending every
 * path that was stored. Additions commute, so when someone else changed the record meanwhile the
 * add reads it again and applies itself to what is there now (ADD_ATTEMPTS times at most). Files
 * that fail are listed, not fatal. When the write fails for good the uploads are removed;
 * unsubscribing before the write cancels the uploads and removes those already stored.
 */
export function addFiles<T extends StoredRecord>(
  deps: AddDeps<T>,
  record: T,
  files: readonly File[],
  cancel$: Observable<number> = NEVER,
  concurrency = UPLOAD_CONCURRENCY,
): Observable<AddFilesStep<T>> {
  return new Observable<AddFilesStep<T>>((subscriber) => {
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
    const notAdded = (index: number) => new AttachmentError('canceled', `“${state[index]!.name}” was not added.`);
    const stored = () => state.flatMap((f) => (f.status === 'stored' && f.path ? [f.path] : []));
    let writing = false;

    if (files.length === 0) {
      subscriber.error(new AttachmentError('invalid-input', `Choose at least one ${deps.field.file} to add.`));
      return;
    }
    const room = checkRoom(deps.field, deps.paths(record).length, state.filter((f) => f.status === 'queued').length);
    if (room) {
      subscriber.error(room);
      return;
    }
    emit();

    const cancels = new Subscription();
    cancels.add(
      cancel$.subscribe((index) => {
        if (state[index]?.status !== 'queued') return;
        set(index, { status: 'canceled', error: notAdded(index) });
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
          return deps.upload(record.id, files[index]!).pipe(
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
                set(index, { status: 'canceled', sent: 0, error: notAdded(index) });
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
            subscriber.next({ type: 'done', value: { record, added: [], failed } });
            subscriber.complete();
            return;
          }
          writing = true;
          applyAdd(deps, record, paths).then(
            (updated) => {
              subscriber.next({ type: 'done', value: { record: updated, added: paths, failed } });
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
async function applyAdd<T extends StoredRecord>(deps: AddDeps<T>, record: T, paths: readonly string[]): Promise<T> {
  const landed = (r: T | null) => !!r && paths.every((p) => deps.paths(r).includes(p));
  const discarded = ` Your ${countOf(deps.field, paths.length)} ${paths.length === 1 ? 'was' : 'were'} discarded.`;
  let base = record;
  for (let attempt = 1; ; attempt++) {
    const full = checkRoom(deps.field, deps.paths(base).length, paths.length);
    if (full) {
      await deps.discard(paths);
      throw full;
    }
    let error: AttachmentError;
    try {
      return await deps.writeList(base, [...deps.paths(base), ...paths]);
    } catch (err) {
      error = toAttachmentError(err);
    }
    let current: T | null;
    try {
      current = await deps.read(record.id);
    } catch {
      // Whether the write landed cannot be known: keep the uploads (orphans at worst).
      throw error;
    }
    // A write that landed although its answer was lost (the client's retry then meets a conflict).
    if (landed(current)) return current!;
    const name = quoted(deps.field, record);
    if (current === null) {
      await deps.discard(paths);
      throw new AttachmentError('not-found', `${name} no longer exists: someone deleted it.${discarded}`, {
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
        `${name} kept changing while your ${deps.field.file}s were added (${ADD_ATTEMPTS} tries).${discarded} Try again in a moment.`,
        { cause: error },
      );
    }
    base = current;
  }
}

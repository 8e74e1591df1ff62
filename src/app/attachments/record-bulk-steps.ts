import { type Observable, catchError, defer, lastValueFrom, map, of, throwError } from 'rxjs';
import { type Note, type Skip, note, skip } from '../jobs/job';
import { AttachmentError } from './attachment-error';
import type { AttachmentEngine } from './attachment-engine';
import { type KeptFile, keptFilesOf, keptSentences } from './kept-files';
import { type RecordFileField, type StoredRecord, pathsOf } from './record-file-field';
import { removeFiles } from './remove-files';

const CHANGED = 'Changed by someone else since it was selected; left as it is.';

/**
 * What the bulk steps run on: a model's record-and-file workflow (a RecordWorkflow is one), or a
 * typed service over it, so the bulk runs that service's own operations.
 */
export interface BulkTarget<T extends StoredRecord> {
  readonly field: RecordFileField<T>;
  /**
   * Every file field whose files a delete removes, `field` among them (default: `field` alone): a
   * retry of a delete whose record is gone finishes the files of each.
   */
  readonly deletes?: readonly RecordFileField<T>[];
  get(id: string): Observable<T | null>;
  delete(record: T, deleteFiles: boolean): Observable<unknown>;
  detach(record: T, deleteFiles: boolean): Observable<unknown>;
}

const refused = (err: unknown): err is AttachmentError =>
  err instanceof AttachmentError && (err.kind === 'conflict' || err.kind === 'not-found');

/**
 * The item steps of a bulk delete or detach on one file field, for the job runner. Each runs the
 * workflow's own order, which leaves at worst an orphan (the record or its reference first, the
 * files after). A retry picks up where an earlier try stopped: a record already gone (or already
 * emptied) counts as done and only the files are left to delete; a file already gone counts as
 * deleted. A record someone else changed since it was selected is skipped, with the reason. A
 * file another record still uses is kept, and the item's result says by whom.
 */
export class RecordBulkSteps<T extends StoredRecord> {
  constructor(
    private readonly target: BulkTarget<T>,
    private readonly engine: AttachmentEngine,
  ) {}

  private paths(record: T): readonly string[] {
    return pathsOf(this.target.field, record);
  }

  /**
   * The item's result when files were kept: a Note naming them and why. A file kept because the
   * check for other records could not be made fails the item instead, so that a retry (which
   * finds the record done and deletes only its files) checks again and deletes it.
   */
  private noted(record: T, kept: readonly KeptFile[]): Note | undefined {
    if (kept.length === 0) return undefined;
    const sentence = keptSentences(this.target.deletes ?? [this.target.field], record, kept);
    const unchecked = kept.find((k) => 'unchecked' in k);
    if (unchecked) throw new AttachmentError(unchecked.unchecked.kind, sentence, { cause: unchecked.unchecked });
    return note(sentence);
  }

  /** One record of a bulk delete: the record, then (with `deleteFiles`) its files. */
  deleteOne(record: T, deleteFiles: boolean): Observable<unknown> {
    return this.target.delete(record, deleteFiles).pipe(
      map((result) => this.noted(record, keptFilesOf(result))),
      catchError((err: unknown) => {
        if (!refused(err)) return throwError(() => err);
        return defer(() => this.afterRefused(record, deleteFiles, err, (current) => current === null));
      }),
    );
  }

  /** One record of a bulk detach: the field cleared, then (with `deleteFiles`) the files it held. */
  detachOne(record: T, deleteFiles: boolean): Observable<unknown> {
    const { file, kind } = this.target.field;
    if (this.paths(record).length === 0) return of(skip(`It has no ${kind === 'one' ? file : `${file}s`}.`));
    return this.target.detach(record, deleteFiles).pipe(
      map((result) => this.noted(record, keptFilesOf(result))),
      catchError((err: unknown) => {
        if (!refused(err)) return throwError(() => err);
        return defer(() =>
          this.afterRefused(record, deleteFiles, err, (current) => !!current && !this.paths(current).length),
        );
      }),
    );
  }

  /**
   * A conditional write was refused: read the record to learn why (the refusal alone cannot tell;
   * a read that fails fails the item, to be retried). `done` says whether the record is as the
   * action leaves it (an earlier try did it, or its answer was lost): then only the files are
   * left to delete, which is safe, since no record points at them any more. Otherwise someone
   * else deleted or changed it (skipped), or it cannot be told (the item fails).
   */
  private async afterRefused(
    record: T,
    deleteFiles: boolean,
    err: AttachmentError,
    done: (current: T | null) => boolean,
  ): Promise<Skip | Note | undefined> {
    const current = await lastValueFrom(this.target.get(record.id));
    if (done(current)) {
      if (!deleteFiles) return undefined;
      return this.noted(record, await this.removeLeft(record, current === null ? 'deleted' : 'detached'));
    }
    if (current === null) {
      const { file, kind } = this.target.field;
      const left = kind === 'one' ? `its ${file} file was left as it is` : 'its files were left as they are';
      return skip(`Deleted by someone else meanwhile; ${left}.`);
    }
    if (current.updatedAt !== record.updatedAt) return skip(CHANGED);
    throw err;
  }

  /**
   * The files an earlier try left of a record it deleted (every field a delete removes) or
   * detached (the one field). Each field is tried; the first failure is thrown after.
   */
  private async removeLeft(record: T, how: 'deleted' | 'detached'): Promise<readonly KeptFile[]> {
    const fields = how === 'deleted' ? (this.target.deletes ?? [this.target.field]) : [this.target.field];
    const kept: KeptFile[] = [];
    let failure: unknown;
    for (const field of fields) {
      try {
        kept.push(...(await removeFiles(this.engine, field, record, pathsOf(field, record), how)));
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
    return kept;
  }
}

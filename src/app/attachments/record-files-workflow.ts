import { NEVER, type Observable, defer, of, tap, throwError } from 'rxjs';
import { AttachmentError } from './attachment-error';
import { type StoredRecord, quoted } from './record-file-field';
import { type AddDeps, type AddFilesStep, UPLOAD_CONCURRENCY, addFiles } from './record-files-add';
import { withKept } from './kept-files';
import { notHeld } from './record-messages';
import { RecordWorkflow } from './record-workflow';
import type { Transfer } from './transfer';

/**
 * The workflow of a field that holds a list of paths (an album's images): add, remove, replace
 * and reorder on top of what every file field does (RecordWorkflow). Every change to the list is
 * conditional on the version the operator saw. Adds commute and re-apply themselves after someone
 * else's change; remove, replace and reorder do not (they would act on a list the operator has not
 * seen), so they surface the conflict and discard their own new upload.
 */
export class RecordFilesWorkflow<T extends StoredRecord> extends RecordWorkflow<T> {
  /**
   * Uploads several files and appends them with one conditional update (record-files-add.ts).
   * Emits the progress of every file; `cancel$` cancels one file by its index in `files`.
   */
  add(
    record: T,
    files: readonly File[],
    cancel$: Observable<number> = NEVER,
    concurrency = UPLOAD_CONCURRENCY,
  ): Observable<AddFilesStep<T>> {
    const deps: AddDeps<T> = {
      field: this.field,
      paths: (r) => this.paths(r),
      validate: (file) => this.validate(file),
      upload: (id, file) => this.upload(id, file),
      writeList: (base, paths) => this.api.update({ id: base.id, [this.field.field]: paths }, base.updatedAt),
      read: (id) => this.api.get(id),
      discard: (paths) => this.discard(paths),
    };
    return addFiles(deps, record, files, cancel$, concurrency).pipe(
      tap((step) => {
        if (step.type === 'done' && step.value.added.length) {
          this.report('attach', step.value.record, this.paths(record), this.paths(step.value.record), []);
        }
      }),
    );
  }

  /**
   * Stops pointing at one file (conditional), then, with `deleteFile`, deletes it unless another
   * record uses it (then it is kept: keptFilesOf the result). Also drops the reference to a file
   * that is missing.
   */
  remove(record: T, path: string, deleteFile = true): Observable<T> {
    return defer(async () => {
      if (!this.paths(record).includes(path)) throw notHeld(this.field, record);
      const updated = await this.write(
        record,
        this.paths(record).filter((p) => p !== path),
      );
      this.engine.forget(path);
      const kept = await this.reportAfter('detach', updated, this.paths(record), this.paths(updated), () =>
        deleteFile ? this.removeAll(updated, [path], 'removed') : Promise.resolve([]),
      );
      return withKept(updated, kept);
    });
  }

  /** Uploads the new file, swaps it in at the old one's place (conditional), then deletes the old file unless another record uses it. */
  replace(record: T, path: string, file: File): Observable<Transfer<T>> {
    const now = this.paths(record);
    if (!now.includes(path)) return throwError(() => notHeld(this.field, record));
    return this.uploadThen(record.id, file, async (fresh) => {
      const updated = await this.pointAt(record.id, [fresh], record, ' Your new file was discarded.', () =>
        this.api.update(
          { id: record.id, [this.field.field]: now.map((p) => (p === path ? fresh : p)) },
          record.updatedAt,
        ),
      );
      return this.reportReplaced('replace', updated, now);
    });
  }

  /** Saves a new order (conditional). The same order as now writes nothing. */
  reorder(record: T, order: readonly string[]): Observable<T> {
    const now = this.paths(record);
    if (order.length === now.length && order.every((p, i) => p === now[i])) return of(record);
    const sorted = [...now].sort();
    const same = order.length === now.length && [...order].sort().every((p, i) => p === sorted[i]);
    if (!same) {
      return throwError(
        () =>
          new AttachmentError(
            'invalid-input',
            `The new order does not hold exactly the ${this.field.file}s of ${quoted(this.field, record)} as they are now. The page now shows them: try again.`,
          ),
      );
    }
    return defer(() => this.write(record, order));
  }
}

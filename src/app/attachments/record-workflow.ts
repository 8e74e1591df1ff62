import { Observable, defer, lastValueFrom, map } from 'rxjs';
import type { AttachmentEngine } from './attachment-engine';
import { AttachmentError } from './attachment-error';
import { mapErrors, toAttachmentError } from './error-mapping';
import { type FilesKept, type KeptFile, keptFilesOf, keptSentence, withKept } from './kept-files';
import { type RecordFileField, type StoredRecord, fieldValue, pathsOf, quoted } from './record-file-field';
import type { RecordApi, RecordInput } from './record-api';
import { refusal } from './record-messages';
import { removeFiles } from './remove-files';
import type { Transfer } from './transfer';
import type { WorkflowEvent } from './workflow-events';

/**
 * The record-and-file workflow of one file field, in the order that favours orphans over dangling
 * references (docs/architecture.md): upload first, then point the record at the new file with an
 * update conditional on the version the operator saw, then delete the old file; stop pointing at
 * a file before deleting it; delete a record before its files. A failure part-way leaves at worst
 * an unreferenced file, never a record pointing at a missing one. A write whose answer was lost is
 * read back before anything is undone. Fails with AttachmentError only.
 *
 * This holds what both kinds share; RecordFileWorkflow (one path) and RecordFilesWorkflow (a list)
 * add their own changes.
 */
export class RecordWorkflow<T extends StoredRecord> {
  constructor(
    protected readonly api: RecordApi<T>,
    protected readonly engine: AttachmentEngine,
    readonly field: RecordFileField<T>,
  ) {}

  /** The paths the record holds in the field, in order. */
  paths(record: T): readonly string[] {
    return pathsOf(this.field, record);
  }

  /** The record as stored now, or null when there is none; one read, then completes. */
  get(id: string): Observable<T | null> {
    return defer(() => this.api.get(id)).pipe(mapErrors());
  }

  /** null when `file` may go into this field, else the invalid-file error that says why. */
  validate(file: File): AttachmentError | null {
    return this.engine.validate(file, this.field.limits);
  }

  /**
   * Creates a record with a new id and `fields`. With a file, it is uploaded first, under the new
   * id, and the record is created pointing at it: a failed upload creates nothing, a failed create
   * removes the upload. A create that landed although its answer was lost (the client's retry is
   * then refused) is read back and returned.
   */
  create(fields: Readonly<Record<string, unknown>>, file?: File): Observable<Transfer<T>> {
    const id = crypto.randomUUID();
    const input = (paths: readonly string[]): RecordInput => ({
      id,
      ...fields,
      [this.field.field]: fieldValue(this.field, paths),
    });
    if (!file) {
      return defer(() => this.pointAt(id, [], undefined, '', () => this.api.create(input([])))).pipe(
        map((record): Transfer<T> => ({ type: 'done', value: record })),
        mapErrors(),
      );
    }
    return this.uploadThen(id, file, async (path) => {
      const created = await this.pointAt(id, [path], undefined, '', () => this.api.create(input([path])));
      this.report('attach', created, [], this.paths(created), []);
      return created;
    });
  }

  /**
   * Writes other fields (a name, a date): only those are sent, with no condition, so it never
   * undoes another operator's change to the files.
   */
  update(record: T, fields: Readonly<Record<string, unknown>>): Observable<T> {
    return defer(async () => {
      try {
        return await this.api.update({ id: record.id, ...fields });
      } catch (err) {
        throw await this.explain(record, err);
      }
    });
  }

  /**
   * Deletes the record (conditional on its version), then, with `deleteFiles`, the files it held
   * that no other record uses (those are kept, and named in the result).
   */
  delete(record: T, deleteFiles: boolean): Observable<FilesKept> {
    return defer(async (): Promise<FilesKept> => {
      let deleted: T;
      try {
        deleted = await this.api.delete(record.id, record.updatedAt);
      } catch (err) {
        throw await this.explain(record, err, 'delete');
      }
      // The files the record held when it was deleted (the condition makes them the ones the operator saw).
      const paths = this.paths(deleted);
      paths.forEach((p) => this.engine.forget(p));
      const kept = await this.reportAfter('delete', deleted, paths, [], () =>
        deleteFiles ? this.removeAll(record, paths, 'deleted') : Promise.resolve([]),
      );
      return withKept({ kept }, kept);
    });
  }

  /**
   * Clears the field (conditional on the version the operator saw): for one path, detach; for a
   * list, detach all. With `deleteFiles`, then deletes the files it held that no other record
   * uses; those it kept are on the result (keptFilesOf).
   */
  detach(record: T, deleteFiles: boolean): Observable<T> {
    return defer(async () => {
      const old = this.paths(record);
      if (old.length === 0) {
        const what = this.field.kind === 'one' ? this.field.file : `${this.field.file}s`;
        throw new AttachmentError('invalid-input', `${quoted(this.field, record)} has no ${what} to detach.`);
      }
      const updated = await this.write(record, []);
      old.forEach((p) => this.engine.forget(p));
      const kept = await this.reportAfter('detach', updated, old, [], () =>
        deleteFiles ? this.removeAll(updated, old, 'detached') : Promise.resolve([]),
      );
      return withKept(updated, kept);
    });
  }

  /** The conditional write of the field; a refusal is explained (changed or deleted). */
  protected async write(record: T, paths: readonly string[]): Promise<T> {
    try {
      return await this.api.update(
        { id: record.id, [this.field.field]: fieldValue(this.field, paths) },
        record.updatedAt,
      );
    } catch (err) {
      throw await this.explain(record, err);
    }
  }

  /** Uploads a file for a record of this field, with the field's limits and key. */
  protected upload(recordId: string, file: File): Observable<Transfer<string>> {
    return this.engine.upload(recordId, file, { limits: this.field.limits, keyTemplate: this.field.keyTemplate });
  }

  /**
   * Uploads, then runs `then` with the stored path. Unsubscribing cancels the upload; once the
   * file is stored the remaining steps run to the end, so no half-done state is left behind.
   */
  protected uploadThen<R>(recordId: string, file: File, then: (path: string) => Promise<R>): Observable<Transfer<R>> {
    return new Observable<Transfer<R>>((subscriber) => {
      const upload = this.upload(recordId, file).subscribe({
        next: (step) => {
          if (step.type === 'progress') {
            subscriber.next(step);
            return;
          }
          then(step.value).then(
            (value) => {
              subscriber.next({ type: 'done', value });
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
   * Runs the write that makes a record point at fresh uploads. When it fails, the record is read
   * back: if it does hold them (the write landed although its answer was lost) that is the result;
   * if it cannot be read, the uploads stay (an orphan at worst, never a dangling reference);
   * otherwise they are removed and the refusal explained, `outcome` telling the operator so.
   * `seen`: the record as the operator saw it (none for a create).
   */
  protected async pointAt(
    id: string,
    fresh: readonly string[],
    seen: T | undefined,
    outcome: string,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (err) {
      let current: T | null;
      try {
        current = await this.api.get(id);
      } catch {
        throw toAttachmentError(err); // unknown outcome: keep the uploads
      }
      if (current && fresh.every((p) => this.paths(current).includes(p))) return current;
      await this.discard(fresh);
      throw seen ? refusal(this.field, seen, err, current, outcome) : toAttachmentError(err);
    }
  }

  /**
   * After `updated` was written: forgets the `old` paths it no longer holds and deletes their files
   * that no other record uses, quietly (a failure leaves an orphan). Returns `updated` marked with
   * the files kept because another record uses them or that could not be checked.
   */
  protected async dropReplaced(updated: T, old: readonly string[]): Promise<T> {
    const now = this.paths(updated);
    const gone = old.filter((p) => !now.includes(p));
    gone.forEach((p) => this.engine.forget(p));
    const kept = await Promise.all(
      gone.map((p) =>
        lastValueFrom(this.engine.removeUnused(p), { defaultValue: null }).catch((): KeptFile | null => null),
      ),
    );
    return withKept(
      updated,
      kept.filter((k): k is KeptFile => k !== null),
    );
  }

  /** dropReplaced, then the change reported with the files it kept. */
  protected async reportReplaced(action: 'attach' | 'replace', updated: T, old: readonly string[]): Promise<T> {
    const result = await this.dropReplaced(updated, old);
    this.report(action, updated, old, this.paths(updated), keptFilesOf(result));
    return result;
  }

  /** A refused write on `record`, explained; reads the record to tell a deletion from someone else's change. */
  protected async explain(record: T, err: unknown, action: 'change' | 'delete' = 'change'): Promise<AttachmentError> {
    const kind = toAttachmentError(err).kind;
    if (kind !== 'conflict' && kind !== 'not-found') return toAttachmentError(err);
    const current = await this.api.get(record.id).catch(() => undefined);
    return refusal(this.field, record, err, current, '', action);
  }

  /** Deletes uploads no record will point at; never fails (what is left is an orphan the report finds). */
  protected async discard(paths: readonly string[]): Promise<void> {
    await Promise.all(
      paths.map((p) => lastValueFrom(this.engine.remove(p), { defaultValue: undefined }).catch(() => undefined)),
    );
  }

  /** Tells the app's listener (the audit trail) what changed; `kept` names the files left in place. */
  protected report(
    action: WorkflowEvent['action'],
    record: T,
    before: readonly string[],
    after: readonly string[],
    kept: readonly KeptFile[],
    failure?: unknown,
  ): void {
    const result = failure
      ? `done; then ${toAttachmentError(failure).message}`
      : kept.length
        ? `done; ${keptSentence(this.field, record, kept)}`
        : 'done';
    const { field, model, record: noun } = this.field;
    // A deleted record as it was, every field: what Recently deleted recreates it from.
    const image = action === 'delete' ? { image: { ...record } as Readonly<Record<string, unknown>> } : {};
    this.engine.events.happened({
      action,
      model: model ?? noun,
      recordId: record.id,
      field,
      before,
      after,
      result,
      ...image,
    });
  }

  /** Runs what follows a change that landed (deleting files), then reports the change however that went. */
  protected async reportAfter(
    action: WorkflowEvent['action'],
    record: T,
    before: readonly string[],
    after: readonly string[],
    then: () => Promise<readonly KeptFile[]>,
  ): Promise<readonly KeptFile[]> {
    try {
      const kept = await then();
      this.report(action, record, before, after, kept);
      return kept;
    } catch (err) {
      this.report(action, record, before, after, [], err);
      throw err;
    }
  }

  /** Deletes files the record no longer points at, keeping those another record uses (removeFiles). */
  removeAll(
    record: T,
    paths: readonly string[],
    how: 'deleted' | 'detached' | 'removed',
  ): Promise<readonly KeptFile[]> {
    return removeFiles(this.engine, this.field, record, paths, how);
  }
}

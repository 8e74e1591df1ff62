import { type Observable, defer, from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import type { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { type StoredRecord, fieldValue, pathsOf, quoted } from '../attachments/record-file-field';
import { type Note, type Skip, note, skip } from '../jobs/job';
import { RecordRestore, holdsFields, restorableFields } from './record-restore';
import type { FileVersionsApi, RemovedItem, UndoTarget } from './undo-log';

/** Files of one record restored at once. */
const FILES_AT_ONCE = 4;

/**
 * The steps of one undo item: the files first (each version the job deleted made current again,
 * never over a newer file), then the record recreated with its id and fields (delete) or its
 * reference put back with a conditional update (detach). A failure part-way leaves at worst a
 * restored file no record points at, never a record pointing at a missing file. A record someone
 * changed after the job (or made with the same id) is a conflict: skipped, left alone, and said
 * so. An item already undone (an earlier try landed) counts as done.
 */
export class UndoSteps<T extends StoredRecord> {
  private readonly restore: RecordRestore<T>;

  constructor(
    private readonly target: UndoTarget<T>,
    private readonly engine: AttachmentEngine,
    private readonly versions: FileVersionsApi,
    /** The undo job's id in the audit trail. */
    readonly jobId: string,
  ) {
    this.restore = new RecordRestore(target.api, target.field);
  }

  undoOne(item: RemovedItem<T>): Observable<Skip | Note | undefined> {
    return defer(async () => {
      try {
        return await (this.target.kind === 'delete' ? this.recreate(item) : this.reattach(item));
      } catch (err) {
        if (err instanceof AttachmentError && err.kind === 'conflict') return skip(`Conflict: ${err.message}`);
        throw err;
      }
    });
  }

  private async recreate(item: RemovedItem<T>): Promise<Skip | Note | undefined> {
    const { before } = item;
    const current = await this.target.api.get(before.id);
    if (current) {
      if (current.updatedAt === before.updatedAt) return skip('It was not deleted: nothing to undo.');
      if (holdsFields(current, restorableFields(before))) return note('It is back already.');
      return skip(
        `Conflict: a ${this.target.field.record} with this id exists now (${quoted(this.target.field, current)}), made since the job; it was left as it is.`,
      );
    }
    const unrestorable = this.unrestorable(item);
    if (unrestorable) return unrestorable;
    await this.restoreFiles(item);
    const back = await this.restore.recreate(before);
    this.report(item, back, [], 'recreated as it was, with its files');
    return undefined;
  }

  private async reattach(item: RemovedItem<T>): Promise<Skip | Note | undefined> {
    const { before } = item;
    const { field } = this.target;
    const current = await this.target.api.get(before.id);
    if (!current) {
      return skip(`Conflict: ${quoted(field, before)} was deleted after the job; nothing was restored.`);
    }
    if (current.updatedAt === before.updatedAt) return skip('It was not detached: nothing to undo.');
    const fields = restorableFields(before);
    if (holdsFields(current, fields)) return note('It is back already.');
    const left = { ...fields, [field.field]: fieldValue(field, []) };
    if (!holdsFields(current, left)) {
      return skip(`Conflict: ${quoted(field, current)} was changed after the job; it was left as it is.`);
    }
    const unrestorable = this.unrestorable(item);
    if (unrestorable) return unrestorable;
    await this.restoreFiles(item);
    const back = await this.restore.reattach(field, current, pathsOf(field, before));
    this.report(item, back, pathsOf(field, current), 're-attached as it was, with its files');
    return undefined;
  }

  /** Why the item cannot be undone, when the job could not read its files' versions before deleting them. */
  private unrestorable(item: RemovedItem<T>): Skip | undefined {
    if (!this.target.deleteFiles || item.unreadable.length === 0) return undefined;
    return skip(
      `Its files' earlier versions could not be read when it was ${this.target.kind === 'delete' ? 'deleted' : 'detached'} (${item.unreadable.join(', ')}); putting it back would leave it pointing at missing files, so it was left as it is.`,
    );
  }

  /** Every version the item deleted made current again; fails as the first file that cannot be. */
  private async restoreFiles(item: RemovedItem<T>): Promise<void> {
    if (!this.target.deleteFiles) return;
    const entries = Object.entries(item.versions);
    await lastValueFrom(
      from(entries).pipe(
        mergeMap(([path, versionId]) => this.versions.restore(path, versionId), FILES_AT_ONCE),
        toArray(),
      ),
      { defaultValue: [] },
    );
    entries.forEach(([path]) => this.engine.forget(path));
  }

  private report(item: RemovedItem<T>, back: T, before: readonly string[], result: string): void {
    const { field, model, record } = this.target.field;
    this.engine.events.happened({
      action: 'restore',
      model: model ?? record,
      recordId: back.id,
      field,
      jobId: this.jobId,
      before,
      after: pathsOf(this.target.field, back),
      ...(this.target.deleteFiles ? { versions: item.versions } : {}),
      result: this.target.deleteFiles ? result : result.replace(', with its files', ''),
    });
  }
}

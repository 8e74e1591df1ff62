import { Injectable, inject } from '@angular/core';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { type BulkSelection, isServerMatches, pagesWhere } from '../attachments/bulk-selection';
import { type BulkTarget, RecordBulkSteps } from '../attachments/record-bulk-steps';
import { type RecordFileField, pathsOf } from '../attachments/record-file-field';
import type { Job } from '../jobs/job';
import { JobRunner } from '../jobs/job-runner';
import { BulkUndo } from '../recovery/bulk-undo';
import type { ModelRecords } from './model-records';
import { type AnyRecord, displayName } from './record-model';

/** A bulk action on a model's records: delete them, or detach one file field; keep or delete the files. */
export interface RecordBulkAction {
  readonly kind: 'delete' | 'detach';
  readonly deleteFiles: boolean;
  /** The file field to detach (detach only). */
  readonly field?: string;
}

/** Items of one bulk job in flight at once (as for Songs: each item mostly waits on the network). */
const CONCURRENCY = 16;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** “Delete 20 products and their files”, “Detach Manual path of 3 products, keep the files”. */
export function bulkTitle(records: ModelRecords, action: RecordBulkAction, count: number): string {
  const { name, plural: many } = records.model;
  const what = plural(count, name.toLowerCase(), many.toLowerCase());
  const hasFiles = records.model.fileFields.some((f) => f.managed);
  if (action.kind === 'delete') {
    if (!hasFiles) return `Delete ${what}`;
    return action.deleteFiles ? `Delete ${what} and their files` : `Delete ${what}, keep their files`;
  }
  const label = records.model.fileFields.find((f) => f.discovered.field === action.field)?.label ?? action.field;
  return action.deleteFiles ? `Detach and delete ${label} of ${what}` : `Detach ${label} of ${what}, keep the files`;
}

/** “Delete every product matching “blue” and their files”: a job over every match on the server. */
export function matchingTitle(records: ModelRecords, action: RecordBulkAction, search: string): string {
  const many = records.model.plural.toLowerCase();
  const which = search ? `every ${records.model.name.toLowerCase()} matching “${search}”` : `all ${many}`;
  const hasFiles = records.model.fileFields.some((f) => f.managed);
  if (action.kind === 'delete') {
    if (!hasFiles) return `Delete ${which}`;
    return action.deleteFiles ? `Delete ${which} and their files` : `Delete ${which}, keep their files`;
  }
  const label = records.model.fileFields.find((f) => f.discovered.field === action.field)?.label ?? action.field;
  return action.deleteFiles ? `Detach and delete ${label} of ${which}` : `Detach ${label} of ${which}, keep the files`;
}

/**
 * Bulk delete and detach of any model's records on the one job runner, each item a step of the
 * generic bulk steps (attachments/record-bulk-steps.ts): the record or its reference first, the
 * files after; a retry finishes what an earlier try left; a record someone else changed since it
 * was selected is skipped, with the reason.
 */
@Injectable({ providedIn: 'root' })
export class RecordBulk {
  private readonly runner = inject(JobRunner);
  private readonly engine = inject(AttachmentEngine);
  private readonly undo = inject(BulkUndo);

  /**
   * Runs the job on `selection`: the ticked records, after which its panel offers Undo
   * (recovery/bulk-undo.ts); or every record matching a search on the server, read a page at a
   * time as the job goes (a detach reads only records holding the field's files). Such a job
   * keeps no item for an Undo (UndoTarget.keepItems); its audit events carry what Recently
   * deleted restores from.
   */
  start(records: ModelRecords, action: RecordBulkAction, selection: BulkSelection<AnyRecord>): Job<AnyRecord> {
    const target = bulkTargetOf(records, action);
    const steps = new RecordBulkSteps(target, this.engine);
    const onServer = isServerMatches(selection);
    const title = isServerMatches(selection)
      ? matchingTitle(records, action, selection.search.trim())
      : bulkTitle(records, action, selection.length);
    const label = (record: AnyRecord) => displayName(record, records.model.nameField);
    const log = this.undo.log<AnyRecord>({
      kind: action.kind,
      deleteFiles: action.deleteFiles,
      field: target.field,
      fileFields: action.kind === 'delete' ? records.fileFields() : target.field.field ? [target.field] : [],
      api: records.dataApi(),
      label,
      title,
      concurrency: CONCURRENCY,
      ...(onServer ? { keepItems: false } : {}),
    });
    const job = {
      title,
      label,
      concurrency: CONCURRENCY,
      operation: log.capture((record: AnyRecord) =>
        action.kind === 'delete'
          ? steps.deleteOne(record, action.deleteFiles)
          : steps.detachOne(record, action.deleteFiles),
      ),
    };
    if (!isServerMatches(selection)) return this.runner.start({ ...job, items: selection, undo: this.undo.offer(log) });
    const pages = records.matching(selection.search.trim());
    const more = action.kind === 'delete' ? pages : pagesWhere(pages, (r) => pathsOf(target.field, r).length > 0);
    return this.runner.start({ ...job, items: [], more });
  }
}

/**
 * What a bulk action's steps run on: the chosen file field's workflow (detach), every managed
 * file field (delete, so a retry finishes the files of each), the model's own reads and deletes.
 */
export function bulkTargetOf(records: ModelRecords, action: RecordBulkAction): BulkTarget<AnyRecord> {
  const managed = records.model.fileFields.filter((f) => f.managed);
  const chosen = managed.find((f) => f.discovered.field === action.field) ?? managed[0];
  const workflow = chosen && records.workflow(chosen.discovered.field);
  // A model without files still needs a field for the steps' words; it holds no paths.
  const field: RecordFileField<AnyRecord> = workflow?.field ?? {
    field: '',
    kind: 'many',
    record: records.model.name.toLowerCase(),
    file: 'file',
    name: (r) => displayName(r, records.model.nameField),
    screens: 'live',
  };
  return {
    field,
    deletes: records.fileFields(),
    get: (id) => records.get(id),
    delete: (record, deleteFiles) => records.delete(record, deleteFiles),
    detach: (record, deleteFiles) => {
      if (!workflow) throw new Error(`${records.model.name} has no file field to detach.`);
      return workflow.detach(record, deleteFiles);
    },
  };
}

import { InjectionToken } from '@angular/core';
import { type Observable, defer, filter, lastValueFrom, map, shareReplay } from 'rxjs';
import type { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { type FilesKept, keptFilesOf, keptSentences } from '../attachments/kept-files';
import type { RecordFileField } from '../attachments/record-file-field';
import { RecordFileWorkflow } from '../attachments/record-file-workflow';
import { RecordFilesWorkflow } from '../attachments/record-files-workflow';
import { mapErrors } from '../attachments/error-mapping';
import type { RecordInput } from '../attachments/record-api';
import { removeFiles } from '../attachments/remove-files';
import { retryTransient } from '../attachments/retry';
import type { AuthMode } from '../discovery/model-permissions';
import { ENTITY_TOKEN } from '../discovery/storage-paths';
import { type ModelApi, createModelApi, loadDataModule } from '../shared/model-api';
import type { LiveRecords } from '../shared/record-list/record-list-state';
import { type ListQuery, type RecordChange, matchingPages, pagedRecords } from '../shared/record-list/record-pager';
import { searchFieldsOf } from './record-search-fields';
import { type AnyRecord, type FileFieldView, type RecordModel, displayName } from './record-model';

/** One model's Data operations, as the generic screens use them (a ModelApi of any record). */
export type RecordDataApi = ModelApi<AnyRecord, RecordInput, RecordInput>;

/** Makes the Data operations of a discovered model: the seam the screens' specs fake. */
export type RecordDataFactory = (model: RecordModel, authMode: AuthMode) => RecordDataApi;

/** Every field the screens show, for the selection set: scalars and file fields (links are not fetched). */
export function selectionOf(model: RecordModel): string {
  const names = ['id', ...model.fields.map((f) => f.name), ...model.fileFields.map((f) => f.discovered.field)];
  return [...new Set([...names, 'createdAt', 'updatedAt'])].join(' ');
}

export const RECORD_DATA = new InjectionToken<RecordDataFactory>('RecordData', {
  providedIn: 'root',
  factory: () => (model, authMode) =>
    createModelApi<AnyRecord, AnyRecord, RecordInput, RecordInput>(
      { model: model.name, fields: selectionOf(model), read: (raw) => raw, authMode },
      loadDataModule,
    ),
});

export type FieldWorkflow = RecordFileWorkflow<AnyRecord> | RecordFilesWorkflow<AnyRecord>;

/**
 * The key template of a field with its folder filled in: `{entity_id}` is the signed-in user's
 * identity id (their own folder), `{field}` the field's name. Undefined when a folder is needed
 * and not known; the screens then say uploads cannot go there.
 */
export function resolvedTemplate(template: string | undefined, field: string, identityId?: string): string | undefined {
  if (!template) return undefined;
  if (template.includes(ENTITY_TOKEN) && !identityId) return undefined;
  return template.replaceAll(ENTITY_TOKEN, identityId ?? '').replaceAll('{field}', field);
}

/**
 * The records of one discovered model and the record-and-file workflow of each file field it has
 * (attachments/record-*-workflow.ts keeps the safe order of every step); one live list shared by
 * the model's screens. Fails with AttachmentError only.
 */
export class ModelRecords {
  private readonly workflows = new Map<string, FieldWorkflow>();
  private readonly noFolder = new Set<string>();
  private readonly live: Observable<LiveRecords<AnyRecord>>;

  constructor(
    readonly model: RecordModel,
    private readonly api: RecordDataApi,
    private readonly engine: AttachmentEngine,
    identityId?: string,
  ) {
    for (const view of model.fileFields.filter((f) => f.managed)) {
      const keyTemplate = resolvedTemplate(view.field.keyTemplate, view.discovered.field, identityId);
      if (view.field.keyTemplate && !keyTemplate) this.noFolder.add(view.discovered.field);
      const field: RecordFileField<AnyRecord> = { ...view.field, ...(keyTemplate ? { keyTemplate } : {}) };
      const workflow =
        field.kind === 'many'
          ? new RecordFilesWorkflow(api, engine, field)
          : new RecordFileWorkflow(api, engine, field);
      this.workflows.set(field.field, workflow);
    }
    this.live = defer(() => api.observe()).pipe(
      map(({ items, synced }): LiveRecords<AnyRecord> => ({ items, synced })),
      retryTransient(),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
  }

  list(): Observable<LiveRecords<AnyRecord>> {
    return this.live;
  }

  /**
   * The table's records: read from the server a page at a time as the table asks, searched there
   * in the name field, the text columns and single file fields (record-pager.ts).
   */
  pages(query: ListQuery): Observable<LiveRecords<AnyRecord>> {
    return pagedRecords(this.api, query, { searchFields: searchFieldsOf(this.model) }).pipe(retryTransient());
  }

  /** Every record matching the table's search on the server, a page at a time (a bulk job over more than the loaded). */
  matching(search: string): () => Promise<readonly AnyRecord[] | null> {
    return matchingPages(this.api, searchFieldsOf(this.model), search);
  }

  /** The model's realtime changes (onCreate / onUpdate / onDelete), resubscribed when the backend drops away. */
  changes(): Observable<RecordChange<AnyRecord>> {
    return defer(() => this.api.changes()).pipe(retryTransient());
  }

  get(id: string): Observable<AnyRecord | null> {
    return defer(() => this.api.get(id)).pipe(mapErrors());
  }

  /** The workflow of a managed file field. */
  workflow(field: string): FieldWorkflow | undefined {
    return this.workflows.get(field);
  }

  /** Whether uploads into this field have a folder (an owner folder needs the user's identity id). */
  canUploadTo(view: FileFieldView): boolean {
    return !this.noFolder.has(view.discovered.field);
  }

  /** Creates a record with a new id and these fields (files are attached on its page). */
  create(fields: Readonly<Record<string, unknown>>): Observable<AnyRecord> {
    return defer(async () => {
      this.checkWritable();
      const first = this.firstWorkflow();
      if (!first) return this.api.create({ id: crypto.randomUUID(), ...fields });
      const done = await lastValueFrom(first.create(fields).pipe(filter((step) => step.type === 'done')));
      return done.value;
    }).pipe(mapErrors());
  }

  /** Writes only these fields, unconditionally, so it never undoes another operator's file change. */
  update(record: AnyRecord, fields: Readonly<Record<string, unknown>>): Observable<AnyRecord> {
    return defer(async () => {
      this.checkWritable();
      const first = this.firstWorkflow();
      return first ? lastValueFrom(first.update(record, fields)) : this.api.update({ id: record.id, ...fields });
    }).pipe(mapErrors());
  }

  /**
   * Deletes the record (conditional on the version seen), then, with `deleteFiles`, the files of
   * every managed file field that no other record uses; the result names the files kept. Values
   * that are not storage paths are never touched. A field whose files fail to go does not stop
   * the next field's; the first failure is then thrown.
   */
  delete(record: AnyRecord, deleteFiles: boolean): Observable<FilesKept> {
    return defer(async (): Promise<FilesKept> => {
      this.checkWritable();
      const [first, ...rest] = [...this.workflows.values()];
      if (!first) {
        await this.api.delete(record.id, record.updatedAt);
        return { kept: [] };
      }
      const result = await lastValueFrom(first.delete(record, deleteFiles));
      const kept = [...keptFilesOf(result)];
      if (!deleteFiles) return { kept };
      let failure: unknown;
      // The condition made the deleted record the one seen: its other fields held these paths.
      for (const other of rest) {
        const paths = other.paths(record);
        paths.forEach((p) => this.engine.forget(p));
        try {
          kept.push(...(await removeFiles(this.engine, other.field, record, paths, 'deleted')));
        } catch (err) {
          failure ??= err;
        }
      }
      if (failure) throw failure;
      return { kept };
    }).pipe(mapErrors());
  }

  /** The model's Data operations as they are: what an undo writes a record back with, id and all. */
  dataApi(): RecordDataApi {
    return this.api;
  }

  /** Every managed file field's description, in the model's order (what a delete of a record removes). */
  fileFields(): readonly RecordFileField<AnyRecord>[] {
    return [...this.workflows.values()].map((w) => w.field);
  }

  /**
   * What to tell the operator after a delete of `record`: that it was deleted and, when files
   * were kept because another record uses them, which and why.
   */
  deletedMessage(record: AnyRecord, result: FilesKept): string {
    const done = `“${displayName(record, this.model.nameField)}” deleted.`;
    const kept = keptSentences(this.fileFields(), record, result.kept);
    return kept ? `${done} ${kept}` : done;
  }

  private firstWorkflow(): FieldWorkflow | undefined {
    return this.workflows.values().next().value;
  }

  private checkWritable(): void {
    if (this.model.writeBlocked) throw new AttachmentError('invalid-input', this.model.writeBlocked);
  }
}

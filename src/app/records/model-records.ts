import { InjectionToken } from '@angular/core';
import { type Observable, defer, filter, lastValueFrom, map, shareReplay } from 'rxjs';
import type { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import type { RecordFileField } from '../attachments/record-file-field';
import { RecordFileWorkflow } from '../attachments/record-file-workflow';
import { RecordFilesWorkflow } from '../attachments/record-files-workflow';
import { type RecordInput, mapErrors, removeFiles } from '../attachments/record-workflow';
import { retryTransient } from '../attachments/retry';
import type { AuthMode } from '../discovery/model-permissions';
import { ENTITY_TOKEN } from '../discovery/storage-paths';
import { type ModelApi, createModelApi, loadDataModule } from '../shared/model-api';
import type { LiveRecords } from '../shared/record-list/record-list-state';
import type { AnyRecord, FileFieldView, RecordModel } from './record-model';

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
   * every managed file field. Values that are not storage paths are never touched.
   */
  delete(record: AnyRecord, deleteFiles: boolean): Observable<void> {
    return defer(async () => {
      this.checkWritable();
      const [first, ...rest] = [...this.workflows.values()];
      if (!first) {
        await this.api.delete(record.id, record.updatedAt);
        return;
      }
      await lastValueFrom(first.delete(record, deleteFiles), { defaultValue: undefined });
      if (!deleteFiles) return;
      // The condition made the deleted record the one seen: its other fields held these paths.
      for (const other of rest) {
        const paths = other.paths(record);
        paths.forEach((p) => this.engine.forget(p));
        await removeFiles(this.engine, other.field, record, paths, 'deleted');
      }
    }).pipe(mapErrors());
  }

  private firstWorkflow(): FieldWorkflow | undefined {
    return this.workflows.values().next().value;
  }

  private checkWritable(): void {
    if (this.model.writeBlocked) throw new AttachmentError('invalid-input', this.model.writeBlocked);
  }
}

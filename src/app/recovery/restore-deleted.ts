import { Injectable, inject } from '@angular/core';
import { AttachmentError } from '../attachments/attachment-error';
import { type StoredRecord, pathsOf } from '../attachments/record-file-field';
import { AuditLog } from '../audit/audit-log';
import { RECORD_DATA, type RecordDataApi } from '../records/model-records';
import type { AnyRecord, FileFieldView, RecordModel } from '../records/record-model';
import { RecordModels } from '../records/record-models';
import { BucketVersions } from './bucket-versions';
import type { DeletedFile, FileOwner } from './deleted-file';
import { RecordRestore } from './record-restore';

/** What restoring one deleted file did, in words for the item's result. */
export type RestoreOutcome = string;

interface Owned {
  readonly owner: FileOwner;
  readonly model: RecordModel;
  readonly api: RecordDataApi;
  readonly current: AnyRecord | null;
}

/**
 * Brings one deleted file back, then its record: the file's version first (never over anything
 * newer), then, if the record still exists and its field does not hold the file, a conditional
 * update re-attaches it; if the record was deleted and the audit trail kept it as it was, the
 * record is recreated with its id and fields, its other deleted files restored first so it never
 * points at a missing one. Every restore goes into the audit trail. Fails with AttachmentError.
 */
@Injectable({ providedIn: 'root' })
export class RestoreDeleted {
  private readonly versions = inject(BucketVersions);
  private readonly models = inject(RecordModels);
  private readonly data = inject(RECORD_DATA);
  private readonly audit = inject(AuditLog);

  async restore(file: DeletedFile, jobId?: string): Promise<RestoreOutcome> {
    const owned = await this.ownerOf(file);
    const view = owned && this.fieldOf(owned.model, owned.owner.field, file.path, owned.owner.before);
    let outcome: RestoreOutcome;
    let recordId = owned?.owner.recordId;
    if (owned && !owned.current && owned.owner.before && view) {
      await this.restoreOthers(owned.model, owned.owner.before, file.path);
      await this.versions.restore(file.path, file.versionId);
      const restore = new RecordRestore<AnyRecord>(owned.api, view.field);
      const record = await restore.recreate(owned.owner.before);
      recordId = record.id;
      outcome = `Restored, and ${view.field.record} ${quote(view, record)} recreated as it was.`;
    } else {
      await this.versions.restore(file.path, file.versionId);
      outcome = owned?.current && view ? await this.reattach(owned, view, file.path) : this.alone(file, owned);
    }
    this.audit.record({
      action: 'restore',
      ...(owned ? { model: owned.model.name } : {}),
      ...(recordId ? { recordId } : {}),
      ...(view ? { field: view.discovered.field } : {}),
      paths: [file.path],
      after: { versions: { [file.path]: file.versionId } },
      ...(jobId ? { jobId } : {}),
      result: outcome,
    });
    return outcome;
  }

  private async reattach(owned: Owned, view: FileFieldView, path: string): Promise<RestoreOutcome> {
    const current = owned.current!;
    if (pathsOf(view.field, current).includes(path)) return `Restored; ${quote(view, current)} still pointed at it.`;
    try {
      await new RecordRestore<AnyRecord>(owned.api, view.field).reattach(view.field, current, [path]);
    } catch (err) {
      if (err instanceof AttachmentError && (err.kind === 'conflict' || err.kind === 'invalid-input')) {
        return `The file is restored, but not attached: ${err.message}`;
      }
      throw err;
    }
    return `Restored and attached to ${view.field.record} ${quote(view, current)} again.`;
  }

  private alone(file: DeletedFile, owned: Owned | undefined): RestoreOutcome {
    if (owned && !owned.current) {
      return `The file is restored; ${owned.owner.model} ${owned.owner.recordId} no longer exists and the audit trail kept no copy of it to recreate.`;
    }
    return file.owners.length
      ? 'The file is restored; no record field was found to attach it to.'
      : 'The file is restored.';
  }

  /** The first owner whose model the console knows, read now: the one that exists, else the first with a before-image. */
  private async ownerOf(file: DeletedFile): Promise<Owned | undefined> {
    let fallback: Owned | undefined;
    for (const owner of file.owners) {
      const model = this.models.model(owner.model);
      if (!model) continue;
      const api = this.data(model, this.models.permissions(model.name).authMode);
      const current = await api.get(owner.recordId);
      const owned = { owner, model, api, current };
      if (current) return owned;
      if (!fallback || (owner.before && !fallback.owner.before)) fallback = owned;
    }
    return fallback;
  }

  /** The file field that held `path`: the one named, else the one whose value (before, or now) holds it. */
  private fieldOf(
    model: RecordModel,
    field: string | undefined,
    path: string,
    before?: Readonly<Record<string, unknown>>,
  ): FileFieldView | undefined {
    const managed = model.fileFields.filter((f) => f.managed);
    const named = managed.find((f) => f.discovered.field === field);
    if (named) return named;
    const image = before as AnyRecord | undefined;
    return (image && managed.find((f) => pathsOf(f.field, image).includes(path))) ?? managed[0];
  }

  /** The before-image's other files that are deleted now, each restored to its newest version. */
  private async restoreOthers(
    model: RecordModel,
    before: Readonly<Record<string, unknown>>,
    path: string,
  ): Promise<void> {
    const image = before as StoredRecord & Record<string, unknown>;
    const others = model.fileFields.flatMap((f) => pathsOf(f.field, image as AnyRecord)).filter((p) => p !== path);
    for (const other of new Set(others)) {
      if ((await this.versions.currentVersionId(other)) !== undefined) continue;
      const newest = (await this.versions.versionsOf(other)).find((v) => !v.deleteMarker);
      if (!newest) {
        throw new AttachmentError('not-found', `The record cannot be recreated: its file ${other} is no longer kept.`);
      }
      await this.versions.restore(other, newest.versionId);
    }
  }
}

function quote(view: FileFieldView, record: AnyRecord): string {
  return `“${view.field.name(record)}”`;
}

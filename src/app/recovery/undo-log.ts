import { type Observable, defer, from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import type { AttachmentEngine } from '../attachments/attachment-engine';
import { type RecordFileField, type StoredRecord, pathsOf } from '../attachments/record-file-field';
import type { RecordApi } from '../attachments/record-api';
import { Skip } from '../jobs/job';

/** S3 asks about a record's files a few at a time (as the workflow deletes them). */
const FILES_AT_ONCE = 4;

/** Reads and restores versions of stored files (BucketVersions is one; the unit specs fake it). */
export interface FileVersionsApi {
  /** The version current now; undefined when there is no file at the path. */
  currentVersionId(path: string): Promise<string | undefined>;
  /** Makes the version current again, never over a newer file ('conflict'). */
  restore(path: string, versionId: string): Promise<{ versionId: string }>;
}

/** What a bulk job did to one model's records, and how to put it back. */
export interface UndoTarget<T extends StoredRecord> {
  readonly kind: 'delete' | 'detach';
  readonly deleteFiles: boolean;
  /** The field detached (detach), or the model's first file field (delete): names records and files. */
  readonly field: RecordFileField<T>;
  /** Every file field whose files an item may delete: a delete's all, a detach's one. */
  readonly fileFields: readonly RecordFileField<T>[];
  readonly api: RecordApi<T>;
  readonly label: (record: T) => string;
  /** The job's title ("Delete 20 songs and their covers"). */
  readonly title: string;
  /** Items in flight at once, for the undo as for the job. */
  readonly concurrency: number;
  /**
   * false: a job over every matching record, read page by page: its items are not kept (memory
   * stays one page), so it offers no Undo; each item's audit events still carry its before-image
   * and file versions, from which Recently deleted restores.
   */
  readonly keepItems?: boolean;
}

/** One item of the job as it was before the job touched it. */
export interface RemovedItem<T extends StoredRecord> {
  /** The record as selected: the job's writes were conditional on this version, so it is what was removed. */
  readonly before: T;
  /** Each file the item deletes (or may have deleted, on a failure) → the version id it had. */
  readonly versions: Record<string, string>;
  /**
   * Files whose version could not be read before the item deleted them (a role without the
   * version grants, a bucket without versioning): the item is not undone, as its record would
   * point at files that cannot come back.
   */
  readonly unreadable: string[];
  /** How the item ended; a skipped item changed nothing. */
  outcome: 'running' | 'done' | 'failed' | 'skipped';
}

/**
 * What one bulk delete or detach job removed, kept so that it can be undone: before each item
 * deletes anything, its record's before-image and the current version id of each file it may
 * delete (a read: the files stay as they are until the item's own steps delete them). While the
 * item runs, the workflow's audit events on its record carry the job's id, the before-image and
 * the versions. A retry merges into what the first try kept.
 */
export class UndoLog<T extends StoredRecord> {
  /** The job's id in the audit trail (unique, unlike a tab's job numbers). */
  readonly id = crypto.randomUUID();
  private readonly items = new Map<string, RemovedItem<T>>();
  /** Set once Undo has started: it is offered once. */
  undoneBy?: string;

  constructor(
    readonly target: UndoTarget<T>,
    private readonly engine: AttachmentEngine,
    private readonly versions: FileVersionsApi,
  ) {}

  /** The items that may have changed something (all but the skipped), in the order they ran. */
  removed(): RemovedItem<T>[] {
    return [...this.items.values()].filter((i) => i.outcome !== 'skipped');
  }

  /** `operation` (one item of the job), with its before-image and file versions kept first. */
  capture(operation: (record: T) => Observable<unknown>): (record: T) => Observable<unknown> {
    return (record) =>
      defer(async () => {
        const item = this.items.get(record.id) ?? { before: record, versions: {}, unreadable: [], outcome: 'running' };
        this.items.set(record.id, item);
        item.outcome = 'running';
        if (this.target.deleteFiles) {
          // Best effort: a version that cannot be read costs this item its undo, never its delete.
          const { held, unreadable } = await this.currentVersions(record);
          Object.assign(item.versions, held);
          item.unreadable.splice(0, item.unreadable.length, ...unreadable.filter((p) => !(p in item.versions)));
        }
        const { model, record: noun } = this.target.field;
        const untag = this.engine.eventTags.tag(model ?? noun, record.id, {
          jobId: this.id,
          image: { ...(record as unknown as Record<string, unknown>) },
          versions: { ...item.versions },
        });
        try {
          const last = await lastValueFrom(operation(record), { defaultValue: undefined });
          item.outcome = last instanceof Skip ? 'skipped' : 'done';
          return last;
        } catch (err) {
          item.outcome = 'failed';
          throw err;
        } finally {
          untag();
          if (this.target.keepItems === false) this.items.delete(record.id);
        }
      });
  }

  /** Whether Undo has anything it can put back: an item that ran and whose files' versions were read. */
  undoable(): boolean {
    return this.removed().some((i) => i.unreadable.length === 0);
  }

  /** The version each file of the record has now (a file already gone has none), and the paths that could not be asked. */
  private async currentVersions(record: T): Promise<{ held: Record<string, string>; unreadable: string[] }> {
    const paths = [...new Set(this.target.fileFields.flatMap((f) => pathsOf(f, record)))];
    const found = await lastValueFrom(
      from(paths).pipe(
        mergeMap(
          (path) =>
            this.versions.currentVersionId(path).then(
              (versionId) => ({ path, versionId, readable: true }),
              () => ({ path, versionId: undefined, readable: false }),
            ),
          FILES_AT_ONCE,
        ),
        toArray(),
      ),
      { defaultValue: [] },
    );
    const held: Record<string, string> = {};
    for (const { path, versionId } of found) if (versionId !== undefined) held[path] = versionId;
    return { held, unreadable: found.filter((f) => !f.readable).map((f) => f.path) };
  }
}

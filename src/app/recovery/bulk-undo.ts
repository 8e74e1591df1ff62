import { Injectable, InjectionToken, inject } from '@angular/core';
import { RETENTION_DAYS } from '../../../amplify/storage/retention';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError } from '../attachments/attachment-error';
import { Session } from '../core/auth/session';
import type { StoredRecord } from '../attachments/record-file-field';
import type { Job, UndoOffer } from '../jobs/job';
import { JOB_SCHEDULER, JobRunner } from '../jobs/job-runner';
import { BucketVersions } from './bucket-versions';
import { type FileVersionsApi, type RemovedItem, UndoLog, type UndoTarget } from './undo-log';
import { UndoSteps } from './undo-steps';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where Undo reads and restores file versions: the bucket's (the Node suites and specs provide
 * their own). Only a person whose role holds the version grants is asked about versions: the
 * backend gives them to the role that manages users (ADMINS here), and for anyone else every
 * read would be a refused request in the browser's console, and a file no undo could bring back.
 */
export const FILE_VERSIONS = new InjectionToken<FileVersionsApi>('FileVersions', {
  providedIn: 'root',
  factory: () => {
    const bucket = inject(BucketVersions);
    const session = inject(Session);
    return {
      currentVersionId: (path) =>
        session.can('manage-users')
          ? bucket.currentVersionId(path)
          : Promise.reject(
              new AttachmentError('forbidden', 'Only ADMINS may see or restore earlier versions of files.'),
            ),
      restore: (path, versionId) => bucket.restore(path, versionId),
    };
  },
});

/**
 * Undo for bulk delete and detach jobs. A bulk service makes a log for its job (`log`), runs each
 * item through `log.capture`, and gives the job `offer(log)`: once the job is through, its panel
 * offers Undo until the bucket's retention would have removed the deleted versions. Undo is a job
 * of its own on the one runner (progress, per-item results, retry of the failed).
 */
@Injectable({ providedIn: 'root' })
export class BulkUndo {
  private readonly engine = inject(AttachmentEngine);
  private readonly versions = inject(FILE_VERSIONS);
  private readonly runner = inject(JobRunner);
  private readonly scheduler = inject(JOB_SCHEDULER);

  /** A log for one job on `target`'s records. */
  log<T extends StoredRecord>(target: UndoTarget<T>): UndoLog<T> {
    return new UndoLog(target, this.engine, this.versions);
  }

  /**
   * Undo for the job `log` belongs to, while retention allows: measured from now (the job's
   * start), so no version it deletes has expired before the offer does.
   */
  offer<T extends StoredRecord>(log: UndoLog<T>): UndoOffer {
    return {
      until: this.scheduler.now() + RETENTION_DAYS * DAY_MS,
      started: () => log.undoneBy !== undefined,
      available: () => log.undoable(),
      start: () => void this.undo(log),
    };
  }

  /** Runs the undo of everything the job changed (its skipped items changed nothing). Once per job. */
  undo<T extends StoredRecord>(log: UndoLog<T>): Job<RemovedItem<T>> {
    if (log.undoneBy) throw new AttachmentError('invalid-input', 'This job was undone already.');
    const steps = new UndoSteps(log.target, this.engine, this.versions, crypto.randomUUID());
    log.undoneBy = steps.jobId;
    return this.runner.start({
      title: `Undo: ${log.target.title}`,
      items: log.removed(),
      label: (item) => log.target.label(item.before),
      concurrency: log.target.concurrency,
      operation: (item) => steps.undoOne(item),
    });
  }
}

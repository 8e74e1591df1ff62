import { Injectable, inject } from '@angular/core';
import type { WorkflowEvent, WorkflowEvents } from '../attachments/workflow-events';
import { AuditLog } from './audit-log';

/** The record-and-file workflows' changes, into the audit trail (provided in app.config.ts). */
@Injectable({ providedIn: 'root' })
export class AuditWorkflowEvents implements WorkflowEvents {
  private readonly log = inject(AuditLog);

  happened(event: WorkflowEvent): void {
    const paths = [...new Set([...event.before, ...event.after])];
    this.log.record({
      action: event.action,
      ...(event.model ? { model: event.model } : {}),
      ...(event.recordId ? { recordId: event.recordId } : {}),
      ...(event.field ? { field: event.field } : {}),
      ...(event.jobId ? { jobId: event.jobId } : {}),
      paths,
      // A bulk item's record as it was (`record`) and the versions of the files it deleted
      // (`versions`: path → version id) travel with the field's paths: what Undo and Recently
      // deleted need to bring them back.
      before: event.field
        ? {
            [event.field]: event.before,
            ...(event.image ? { record: event.image } : {}),
            ...(event.versions ? { versions: event.versions } : {}),
          }
        : null,
      after: event.action === 'delete' || !event.field ? null : { [event.field]: event.after },
      result: event.result,
    });
  }
}

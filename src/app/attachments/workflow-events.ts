import { InjectionToken, inject } from '@angular/core';

/**
 * A change the record-and-file workflow made (to one record's file field, or the record itself),
 * or one the orphan clean-up made (an orphan file deleted: no record; a dangling reference cleared).
 */
export interface WorkflowEvent {
  readonly action: 'attach' | 'replace' | 'detach' | 'delete' | 'cleanup' | 'restore';
  /** The model's name (Song), else what a record is called (song); empty for an orphan file. */
  readonly model: string;
  readonly recordId: string;
  readonly field: string;
  /** The job the change was an item of. */
  readonly jobId?: string;
  /** The record as it was before the change, every field (bulk items keep it, so Undo can bring it back). */
  readonly image?: Readonly<Record<string, unknown>>;
  /** Each file deleted, with the version id it had then (the version a restore brings back). */
  readonly versions?: Readonly<Record<string, string>>;
  /** The field's paths before and after. */
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** How it ended: "done", the files kept and why, or what failed after the record changed. */
  readonly result: string;
}

/** Where the workflows report what they changed (the audit trail, in the app). */
export interface WorkflowEvents {
  happened(event: WorkflowEvent): void;
}

/** Where reports go when nothing listens. */
export const NO_WORKFLOW_EVENTS: WorkflowEvents = { happened: () => undefined };

/**
 * Reports go nowhere unless the app provides a listener (app.config.ts: the audit trail). Inject
 * it with `workflowEvents()`: an injector without the root scope (Injector.create, as the
 * integration suites build one) has no default to give.
 */
export const WORKFLOW_EVENTS = new InjectionToken<WorkflowEvents>('WorkflowEvents');

/** The listener the app provides, or one that drops the reports. */
export function workflowEvents(): WorkflowEvents {
  return inject(WORKFLOW_EVENTS, { optional: true }) ?? NO_WORKFLOW_EVENTS;
}

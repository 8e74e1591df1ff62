import type { WorkflowEvent, WorkflowEvents } from './workflow-events';

/** What a bulk item adds to the reports of the changes made to its record. */
export interface EventTags {
  /** The job the change was an item of (its id in the audit trail). */
  readonly jobId: string;
  /** The record as it was before the item changed it: every field. */
  readonly image?: Readonly<Record<string, unknown>>;
  /** Each file the item deletes, with the version id it had when it was deleted. */
  readonly versions?: Readonly<Record<string, string>>;
}

/**
 * Tags for the reports about one record while a bulk item works on it. The workflows report
 * deep inside their steps and know nothing of jobs; the item tags its record for as long as it
 * runs, and every report on that record meanwhile carries the tags.
 */
export class WorkflowEventTags {
  private readonly byRecord = new Map<string, EventTags>();

  /** Until the returned function is called, reports on this model's record carry `tags`. */
  tag(model: string, recordId: string, tags: EventTags): () => void {
    const key = `${model}#${recordId}`;
    this.byRecord.set(key, tags);
    return () => {
      if (this.byRecord.get(key) === tags) this.byRecord.delete(key);
    };
  }

  /** The event with the tags of its record, if any (tags the event names itself win). */
  apply(event: WorkflowEvent): WorkflowEvent {
    const tags = this.byRecord.get(`${event.model}#${event.recordId}`);
    return tags ? { ...tags, ...event, jobId: event.jobId ?? tags.jobId } : event;
  }

  /** `listener`, hearing every event with its record's tags. */
  around(listener: WorkflowEvents): WorkflowEvents {
    return { happened: (event) => listener.happened(this.apply(event)) };
  }
}

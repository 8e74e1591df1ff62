import { toCsv } from '../shared/csv';
import { ACTION_LABELS, type AuditEvent } from './audit-event';
import { whoDid } from './storage-origin';

export const ACTIVITY_CSV_HEADER = [
  'at',
  'person',
  'actor',
  'action',
  'model',
  'record',
  'field',
  'paths',
  'before',
  'after',
  'job',
  'result',
] as const;

const text = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

/** The CSV rows of some events; `emailOf` names a person by their username when the console knows them. */
export function activityCsv(events: readonly AuditEvent[], emailOf: (username: string) => string | null): string {
  return toCsv(
    ACTIVITY_CSV_HEADER,
    events.map((e) => [
      e.at,
      whoDid(e, events, emailOf),
      e.actor,
      ACTION_LABELS[e.action] ?? e.action,
      e.model,
      e.recordId,
      e.field,
      e.paths.join(' '),
      text(e.before),
      text(e.after),
      e.jobId,
      e.result,
    ]),
  );
}

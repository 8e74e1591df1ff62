import { type AuditAction, type AuditEvent, usernameOf } from './audit-event';

/** The object events the bucket's storage trigger records (amplify/functions/storage-events). */
export const isStorageEvent = (event: AuditEvent): boolean =>
  event.action === 'storage_write' || event.action === 'storage_remove';

/** How far apart a console change and the object event it made may be recorded. */
export const SAME_CHANGE_MS = 2 * 60_000;

/** Console actions that write a file, and those that remove one (a restore may do either). */
const WRITES: readonly AuditAction[] = ['attach', 'replace', 'restore'];
const REMOVES: readonly AuditAction[] = ['replace', 'detach', 'delete', 'cleanup', 'restore'];

/**
 * The console event that made a storage event's change, when `candidates` hold one: an action of
 * the right kind on the same file, recorded within SAME_CHANGE_MS. The console records its own
 * changes; S3 names only a role session, which an identity-pool user and a script share, so the
 * audit trail, not the principal, tells a console change from an outside one.
 */
export function consoleCause(event: AuditEvent, candidates: readonly AuditEvent[]): AuditEvent | undefined {
  if (!isStorageEvent(event)) return undefined;
  const kinds = event.action === 'storage_write' ? WRITES : REMOVES;
  const at = Date.parse(event.at);
  const path = event.paths[0];
  return candidates.find(
    (c) =>
      !isStorageEvent(c) &&
      kinds.includes(c.action) &&
      path !== undefined &&
      c.paths.includes(path) &&
      Math.abs(Date.parse(c.at) - at) <= SAME_CHANGE_MS,
  );
}

/** Who made a change: a person by email (or username), or, for an object event nobody in the console made, "Outside the console". */
export function whoDid(
  event: AuditEvent,
  candidates: readonly AuditEvent[],
  emailOf: (username: string) => string | null,
): string {
  const name = (actor: string) => emailOf(usernameOf(actor)) ?? usernameOf(actor);
  if (!isStorageEvent(event)) return name(event.actor);
  const cause = consoleCause(event, candidates);
  return cause ? `${name(cause.actor)} (in the console)` : 'Outside the console';
}

const OBJECT_RESULTS: Record<string, string> = {
  'ObjectCreated:Put': 'uploaded',
  'ObjectCreated:Post': 'uploaded',
  'ObjectCreated:Copy': 'copied in',
  'ObjectCreated:CompleteMultipartUpload': 'uploaded in parts',
  'ObjectRemoved:DeleteMarkerCreated': 'deleted (restorable)',
  'ObjectRemoved:Delete': 'deleted for good',
};

/** What happened to the object, in words, from S3's event name (kept as is when unknown). */
export function storageResult(event: AuditEvent): string {
  const name = (event.after as { eventName?: string } | null)?.eventName ?? event.result ?? '';
  return OBJECT_RESULTS[name] ?? name;
}

/** The span in which the console events that made these storage events were recorded; none without storage events. */
export function causeWindow(events: readonly AuditEvent[]): { from: string; to: string } | undefined {
  const times = events.filter(isStorageEvent).map((e) => Date.parse(e.at));
  if (times.length === 0) return undefined;
  return {
    from: new Date(Math.min(...times) - SAME_CHANGE_MS).toISOString(),
    to: new Date(Math.max(...times) + SAME_CHANGE_MS).toISOString(),
  };
}

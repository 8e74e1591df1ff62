/** The actions the audit trail knows (amplify/data/resource.ts, AuditAction). */
export const AUDIT_ACTIONS = [
  'attach',
  'replace',
  'detach',
  'delete',
  'restore',
  'cleanup',
  'user_invite',
  'user_role',
  'user_disable',
  'user_enable',
  'user_remove',
  'storage_write',
  'storage_remove',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const ACTION_LABELS: Record<AuditAction, string> = {
  attach: 'Attach',
  replace: 'Replace',
  detach: 'Detach',
  delete: 'Delete',
  restore: 'Restore',
  cleanup: 'Clean-up',
  user_invite: 'Invite user',
  user_role: 'Change role',
  user_disable: 'Disable user',
  user_enable: 'Enable user',
  user_remove: 'Remove user',
  storage_write: 'File written',
  storage_remove: 'File removed',
};

/** What the console says happened; who and when are not part of it (the backend and the clock set them). */
export interface AuditEntry {
  readonly action: AuditAction;
  /** The model of the record (Song, PhotoAlbum, …); none for user management. */
  readonly model?: string;
  /** The record's id, or the person's username for user management. */
  readonly recordId?: string;
  readonly field?: string;
  readonly paths?: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly jobId?: string;
  /** The outcome in words: "deleted", "kept: used by Album x", … */
  readonly result?: string;
}

/** One event as stored. */
export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  /** `<sub>::<username>`, set by the backend from the token; `storage::<S3 principal>` for an object event. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly model: string | null;
  readonly recordId: string | null;
  readonly field: string | null;
  readonly paths: readonly string[];
  readonly before: unknown;
  readonly after: unknown;
  readonly jobId: string | null;
  readonly result: string | null;
}

/** The username part of an actor (`<sub>::<username>`); a bare value is its own username. */
export function usernameOf(actor: string): string {
  const at = actor.indexOf('::');
  return at < 0 ? actor : actor.slice(at + 2);
}

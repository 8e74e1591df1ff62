import type { AuditAction, AuditEvent } from '../audit/audit-event';
import { usernameOf } from '../audit/audit-event';
import type { ObjectVersion } from './bucket-versions';

/** The actions that remove a file from a record, and may delete it. */
export const DELETING_ACTIONS: readonly AuditAction[] = ['delete', 'detach', 'replace', 'cleanup'];

/** A record a file belonged to, as far as the console can tell. */
export interface FileOwner {
  readonly model: string;
  readonly recordId: string;
  /** The file field that held it, when known. */
  readonly field?: string;
  /** The record as it was (the audit event's before-image): what a deleted record is recreated from. */
  readonly before?: Readonly<Record<string, unknown>> & { readonly id: string };
}

/** A file whose latest version is a delete marker, with a version under it to restore. */
export interface DeletedFile {
  readonly path: string;
  /** The version to bring back: the one the deleting event named, else the newest under the marker. */
  readonly versionId: string;
  readonly deletedAt: Date;
  readonly size?: number;
  /** Who deleted it (a username), or null: nothing in the audit trail says (outside the console). */
  readonly actor: string | null;
  readonly action?: AuditAction;
  readonly jobId?: string;
  /** From the audit event; else every model whose key template the path matches. */
  readonly owners: readonly FileOwner[];
}

/** A file deleted, as the version listing shows it (before the audit trail is joined). */
export interface DeletedVersion {
  readonly path: string;
  readonly versionId: string;
  readonly deletedAt: Date;
  readonly size?: number;
}

/**
 * Reads a version listing page by page (keys in order, each key's entries newest first) and gives
 * the keys whose latest entry is a delete marker with a version under it. A key whose entries go
 * on into the next page is held until that page comes.
 */
export class DeletedScanner {
  private held: ObjectVersion[] = [];

  /** The deleted files this page settles. */
  page(versions: readonly ObjectVersion[]): DeletedVersion[] {
    const found: DeletedVersion[] = [];
    for (const v of versions) {
      if (this.held.length && this.held[0]!.path !== v.path) this.settle(found);
      this.held.push(v);
    }
    return found;
  }

  /** The last key, once the listing is over. */
  end(): DeletedVersion[] {
    const found: DeletedVersion[] = [];
    this.settle(found);
    return found;
  }

  private settle(into: DeletedVersion[]): void {
    const [latest, ...older] = this.held;
    this.held = [];
    if (!latest?.isLatest || !latest.deleteMarker) return;
    const under = older.find((v) => !v.deleteMarker);
    if (!under) return;
    into.push({
      path: latest.path,
      versionId: under.versionId,
      deletedAt: latest.lastModified,
      ...(under.size !== undefined ? { size: under.size } : {}),
    });
  }
}

/** How far apart a console event and the delete marker it made may be. */
export const EVENT_SLACK_MS = 5 * 60_000;

/** The deleting event of `file` among the events naming its path: the nearest in time within the slack. */
export function deletingEvent(file: DeletedVersion, events: readonly AuditEvent[]): AuditEvent | undefined {
  let best: AuditEvent | undefined;
  let bestGap = Infinity;
  for (const e of events) {
    if (!DELETING_ACTIONS.includes(e.action) || !e.paths.includes(file.path)) continue;
    const gap = Math.abs(Date.parse(e.at) - file.deletedAt.getTime());
    if (gap <= EVENT_SLACK_MS && gap < bestGap) {
      best = e;
      bestGap = gap;
    }
  }
  return best;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the event says of the record: model, id, field and the before-image when it carries one. */
export function ownerFromEvent(event: AuditEvent): FileOwner | undefined {
  if (!event.model || !event.recordId) return undefined;
  const before = isRecord(event.before) ? event.before : {};
  const image = isRecord(before['record']) && typeof before['record']['id'] === 'string' ? before['record'] : undefined;
  return {
    model: event.model,
    recordId: event.recordId,
    ...(event.field ? { field: event.field } : {}),
    ...(image ? { before: image as FileOwner['before'] & object } : {}),
  };
}

/** The version the event recorded for the path (bulk items keep path → version id), if any. */
export function versionFromEvent(event: AuditEvent, path: string): string | undefined {
  const before = isRecord(event.before) ? event.before : {};
  const versions = isRecord(before['versions']) ? before['versions'] : {};
  const id = versions[path];
  return typeof id === 'string' ? id : undefined;
}

/** A file field's key template, for telling a record from a path. */
export interface KeyPattern {
  readonly model: string;
  readonly field: string;
  readonly template: string;
}

const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** The record id a path holds by its key template (`images/{id}/{uuid}-{name}`), or undefined. */
export function recordIdFromPath(path: string, template: string): string | undefined {
  if (!template.includes('{id}')) return undefined;
  const source = escape(template)
    .replace('{id}', '(?<id>[^/]+)')
    .replace(/\{uuid\}/g, '[0-9a-fA-F-]{36}')
    .replace(/\{name\}/g, '[^/]+')
    .replace(/\{entity_id\}/g, '[^/]+')
    .replace(/\{field\}/g, '[^/]+');
  return new RegExp(`^${source}$`).exec(path)?.groups?.['id'];
}

/** Joins a deleted version with the audit trail's events for its path and the key templates. */
export function describeDeleted(
  file: DeletedVersion,
  events: readonly AuditEvent[],
  patterns: readonly KeyPattern[],
): DeletedFile {
  const event = deletingEvent(file, events);
  const owner = event && ownerFromEvent(event);
  const owners: FileOwner[] = owner
    ? [owner]
    : patterns.flatMap((p) => {
        const recordId = recordIdFromPath(file.path, p.template);
        return recordId ? [{ model: p.model, recordId, field: p.field }] : [];
      });
  return {
    ...file,
    versionId: (event && versionFromEvent(event, file.path)) ?? file.versionId,
    actor: event ? usernameOf(event.actor) : null,
    ...(event ? { action: event.action } : {}),
    ...(event?.jobId ? { jobId: event.jobId } : {}),
    owners,
  };
}

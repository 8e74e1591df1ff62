import type { FileField } from '../attachments/file-fields';
import type { Discovery } from '../discovery/discovery-result';
import { usableFileFields } from '../discovery/discovery-result';
import type { Reach, StorageAccess } from '../discovery/storage-access';
import type { StoragePath } from '../discovery/storage-paths';

/** Where the server-side orphan scan writes its reports (amplify/functions/orphan-scan/fields.ts). */
export const SERVER_REPORTS_PREFIX = 'reports/';

/** A storage prefix the scan lists in full. */
export interface ScanPrefix {
  /** What every key under it starts with: `products/`, `avatars/`. */
  readonly prefix: string;
  /** The storage path as the backend defines it: `products/*`, `avatars/{entity_id}/*`. */
  readonly pattern: string;
  /** One folder per user: the segment after the prefix is an identity, not a record. */
  readonly ownerScoped: boolean;
  /** The file fields whose values lie under it (`Product.imageKeys`). */
  readonly fields: readonly string[];
  /** Fields pointing into it whose records the user cannot all read: its orphans are unsure. */
  readonly unread?: readonly string[];
}

/** A file field left out because the user cannot read every record of its model. */
export interface UnreadField {
  readonly model: string;
  readonly field: string;
  readonly reason: string;
}

/** A storage prefix the signed-in user cannot list in full, so the scan leaves it out. */
export interface UnlistedPrefix {
  readonly prefix: string;
  readonly pattern: string;
  readonly fields: readonly string[];
  /** Why, and the rule that would let them. */
  readonly reason: string;
}

/** What one scan reads: every usable file field and every storage prefix of the backend. */
export interface ScanPlan {
  readonly fields: readonly FileField[];
  readonly prefixes: readonly ScanPrefix[];
  readonly unlisted: readonly UnlistedPrefix[];
  readonly unread: readonly UnreadField[];
}

/** What the user may read of a model's records, and why not all when so. */
export type ReadAccess = (model: string) => { readonly read: Reach; readonly missing?: string } | undefined;

export const fieldName = (f: { readonly model: string; readonly field: string }) => `${f.model}.${f.field}`;

/**
 * The scan of a discovery: the confirmed and likely file fields (one or many), and each storage
 * path's static part, listed when the user may list all of it (`accessOf` says, from the backend's
 * rules). A prefix inside another listed one is covered by that listing. Owner folders
 * (`avatars/{entity_id}/*`) are listed whole only for a group with a grant on every folder.
 */
export function scanPlan(
  discovery: Discovery,
  accessOf: (path: StoragePath) => StorageAccess | undefined,
  readOf: ReadAccess = () => undefined,
): ScanPlan {
  const unread: UnreadField[] = [];
  const usable = usableFileFields(discovery).filter((f) => {
    const access = readOf(f.model);
    if (!access || access.read === 'all') return true;
    const reason =
      access.missing ??
      `Your groups ${access.read === 'own' ? 'read only their own' : 'cannot read'} ${f.model} records.`;
    unread.push({ model: f.model, field: f.field, reason });
    return false;
  });
  const fields = usable.map(({ model, field, kind }) => ({ model, field, kind }));
  const unreadInto = (pattern: string) =>
    unread
      .filter((u) =>
        usableFileFields(discovery).some(
          (f) => f.model === u.model && f.field === u.field && f.paths.includes(pattern),
        ),
      )
      .map(fieldName);
  const prefixes: ScanPrefix[] = [];
  const unlisted: UnlistedPrefix[] = [];
  // Shortest first, so an enclosing prefix is placed before the ones inside it.
  const paths = [...discovery.storagePaths].sort((a, b) => a.prefix.length - b.prefix.length);
  for (const path of paths) {
    // The server scan's own reports are no one's files: never orphans, never listed.
    if (path.prefix === SERVER_REPORTS_PREFIX && !usable.some((f) => f.paths.includes(path.pattern))) continue;
    const referencing = usable.filter((f) => f.paths.includes(path.pattern)).map(fieldName);
    const outer = prefixes.find((p) => path.prefix.startsWith(p.prefix));
    if (outer) {
      if (referencing.length) {
        prefixes[prefixes.indexOf(outer)] = { ...outer, fields: [...new Set([...outer.fields, ...referencing])] };
      }
      continue;
    }
    if (prefixes.some((p) => p.prefix === path.prefix) || unlisted.some((p) => p.prefix === path.prefix)) continue;
    const access = accessOf(path);
    if (access && access.list !== 'all') {
      unlisted.push({
        prefix: path.prefix,
        pattern: path.pattern,
        fields: referencing,
        reason:
          access.missing ??
          `Your groups cannot list ${path.pattern}${access.list === 'own' ? ' beyond your own folder' : ''}.`,
      });
      continue;
    }
    const notRead = unreadInto(path.pattern);
    prefixes.push({
      prefix: path.prefix,
      pattern: path.pattern,
      ownerScoped: path.ownerScoped,
      fields: referencing,
      ...(notRead.length ? { unread: notRead } : {}),
    });
  }
  return { fields, prefixes, unlisted, unread };
}

/** The listed prefix a key lies under (the longest), or undefined. */
export function prefixOf<P extends { readonly prefix: string }>(key: string, prefixes: readonly P[]): P | undefined {
  let found: P | undefined;
  for (const p of prefixes) {
    if (key.startsWith(p.prefix) && key.length > p.prefix.length && (!found || p.prefix.length > found.prefix.length)) {
      found = p;
    }
  }
  return found;
}

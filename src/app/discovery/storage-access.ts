import { ENTITY_TOKEN, type StorageAction, type StoragePath } from './storage-paths';

/** How far a permission reaches: every file or record, only one's own, or nothing. */
export type Reach = 'all' | 'own' | 'none';

export interface StorageAccess {
  readonly path: string;
  /** Download and preview (get). */
  readonly read: Reach;
  /** See what is there (list): the orphan report needs it. */
  readonly list: Reach;
  /** Upload (write). */
  readonly write: Reach;
  readonly delete: Reach;
  /** The signed-in user's own folder under an owner-scoped path, when their identity id is known. */
  readonly ownFolder?: string;
  /** Why the user cannot look after every file under the path, and exactly which rule would let them. */
  readonly missing?: string;
}

const CONSOLE_NEEDS = ['read', 'write', 'delete'] as const;

/**
 * What a user in `groups` may do with the files under one storage path, as the outputs grant it:
 * group and authenticated grants reach every file; an owner grant (`allow.entity('identity')`)
 * only the user's own folder. Guest grants never apply to a signed-in user. Any group names.
 */
export function storageAccessFor(path: StoragePath, groups: readonly string[], identityId?: string): StorageAccess {
  const everywhere = new Set<StorageAction>([
    ...(path.access['authenticated'] ?? []),
    ...groups.flatMap((g) => path.access[`groups${g}`] ?? []),
  ]);
  const own = new Set<StorageAction>(path.ownerScoped ? path.ownerAccess : []);
  const reach = (action: StorageAction): Reach => (everywhere.has(action) ? 'all' : own.has(action) ? 'own' : 'none');
  const access = { read: reach('get'), list: reach('list'), write: reach('write'), delete: reach('delete') };
  const ownFolder = path.ownerScoped && identityId ? `${path.prefix}${identityId}/` : undefined;
  return { path: path.pattern, ...access, ...(ownFolder ? { ownFolder } : {}), ...missingRule(path, groups, access) };
}

/**
 * Said only when the user cannot see every file (read or list short of `all`), or reaches some
 * action only in their own folder; a group kept read-only on purpose (no write) is not a gap.
 */
function missingRule(
  path: StoragePath,
  groups: readonly string[],
  access: Pick<StorageAccess, 'read' | 'list' | 'write' | 'delete'>,
): { missing?: string } {
  const seesAll = access.read === 'all' && access.list === 'all';
  const lacking = CONSOLE_NEEDS.filter((need) => (need === 'read' ? !seesAll : access[need] === 'own'));
  if (lacking.length === 0) return {};
  const group = groups[0];
  const who = group ? `members of ${groups.join(', ')}` : 'signed-in users without a group';
  const rule = `allow.groups(['${group ?? '<your admin group>'}']).to([${lacking.map((a) => `'${a}'`).join(', ')}])`;
  const where = `on '${path.pattern}' in amplify/storage/resource.ts`;
  if (path.ownerScoped && (access.read === 'own' || lacking.some((need) => access[need] === 'own'))) {
    return {
      missing:
        `${path.pattern} is one folder per user (${ENTITY_TOKEN}): ${who} reach only their own folder, so the ` +
        `console cannot show or clean up anyone else's files. Add ${rule} ${where} to look after every user's files.`,
    };
  }
  return { missing: `${capitalized(who)} cannot see the files under ${path.pattern}: add ${rule} ${where}.` };
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The storage paths of amplify_outputs.json (`storage.buckets[].paths`) read back into the paths
 * of amplify/storage/resource.ts, and which of them a stored value falls under.
 *
 * ampx writes each path once per kind of grant: group, authenticated and guest grants on
 * `media/{entity_id}/*` appear as `media/*` (they reach every owner's folder), the owner's own
 * grant as `media/${cognito-identity.amazonaws.com:sub}/*` under the key `entityidentity`.
 */

export type StorageAction = 'get' | 'list' | 'write' | 'delete';

export interface StoragePath {
  /** As written in amplify/storage/resource.ts: `images/*`, `media/{entity_id}/*`. */
  readonly pattern: string;
  /** What every key under the path starts with: `images/`, `media/`. */
  readonly prefix: string;
  /** One folder per user (`{entity_id}`): each owner reaches their own. */
  readonly ownerScoped: boolean;
  readonly bucket: string;
  /** Grants over every key under the path: `groupsADMINS`, `authenticated`, `guest` → actions. */
  readonly access: Readonly<Record<string, readonly StorageAction[]>>;
  /** What an owner may do in their own folder (`allow.entity('identity')`), for owner-scoped paths. */
  readonly ownerAccess: readonly StorageAction[];
}

/** The IAM policy variable ampx writes in place of `{entity_id}` for the owner's own grant. */
export const IDENTITY_VARIABLE = '${cognito-identity.amazonaws.com:sub}';
export const ENTITY_TOKEN = '{entity_id}';

const ACTIONS: readonly StorageAction[] = ['get', 'list', 'write', 'delete'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function actionsOf(value: unknown): StorageAction[] {
  return Array.isArray(value) ? ACTIONS.filter((a) => value.includes(a)) : [];
}

/** Every storage path of every bucket, most specific first (so the first match of a key governs it). */
export function readStoragePaths(outputs: unknown): StoragePath[] {
  const storage = isObject(outputs) ? outputs['storage'] : undefined;
  const buckets = isObject(storage) && Array.isArray(storage['buckets']) ? storage['buckets'] : [];
  const found: StoragePath[] = [];
  for (const bucket of buckets) {
    if (!isObject(bucket) || !isObject(bucket['paths'])) continue;
    const name = String(bucket['name'] ?? bucket['bucket_name'] ?? '');
    const entries = Object.entries(bucket['paths']).filter(([, grants]) => isObject(grants));
    const owned = entries.filter(([key]) => key.includes(IDENTITY_VARIABLE));
    // `media/*` is the everyone-grant half of an owner path when `media/${sub}/*` exists beside it.
    const ownerBases = new Map(owned.map(([key]) => [key.replace(`${IDENTITY_VARIABLE}/`, ''), key]));
    for (const [key, grants] of entries) {
      if (ownerBases.has(key)) continue;
      const ownerScoped = key.includes(IDENTITY_VARIABLE);
      const everyone = ownerScoped ? bucket['paths'][key.replace(`${IDENTITY_VARIABLE}/`, '')] : grants;
      const access: Record<string, StorageAction[]> = {};
      const ownerAccess: StorageAction[] = [];
      for (const [who, actions] of Object.entries(isObject(everyone) ? everyone : {})) {
        if (!who.startsWith('entity')) access[who] = actionsOf(actions);
      }
      for (const [who, actions] of Object.entries(grants as Record<string, unknown>)) {
        if (who.startsWith('entity')) ownerAccess.push(...actionsOf(actions));
      }
      const pattern = key.replace(IDENTITY_VARIABLE, ENTITY_TOKEN);
      const token = pattern.indexOf(ENTITY_TOKEN);
      const prefix = token >= 0 ? pattern.slice(0, token) : pattern.replace(/\*$/, '');
      found.push({ pattern, prefix, ownerScoped, bucket: name, access, ownerAccess });
    }
  }
  return found.sort((a, b) => b.prefix.length - a.prefix.length);
}

/** The storage path a key lies under (the most specific one), or undefined. */
export function pathOf(key: string, paths: readonly StoragePath[]): StoragePath | undefined {
  return paths.find((p) => key.startsWith(p.prefix) && key.length > p.prefix.length);
}

/** What a value stored in a record is, as far as storage is concerned. */
export type ValueKind = 'path' | 'url' | 'file-name' | 'relative-key' | 'other';

const FILE_NAME = /^[^/\s][^/]*\.[A-Za-z0-9]{1,8}$/;

/**
 * `path`: under a storage path, so it can be fetched. `url`: a web address (http, https, s3).
 * `file-name`: a bare name like `photo.jpg`. `relative-key`: has folders but lies under no
 * storage path (`user-42/photo.jpg`, `public/…` of a Gen 1 app). `other`: text that is neither.
 */
export function classifyValue(value: string, paths: readonly StoragePath[]): ValueKind {
  if (pathOf(value, paths)) return 'path';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'url';
  if (FILE_NAME.test(value)) return 'file-name';
  if (/^[^/\s]+(\/[^/\s][^/]*)+$/.test(value)) return 'relative-key';
  return 'other';
}

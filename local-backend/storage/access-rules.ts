import { resourceDefinition, servedAmplify } from '../project.ts';
import type { AssumedRole, IssuedCredentials } from '../identity/api.ts';

export type StorageAction = 'get' | 'list' | 'write' | 'delete';

/**
 * The storage rules of amplify/storage/resource.ts compiled the way `ampx` turns them into IAM
 * policies: one policy per role (guest, authenticated, each group), each action with the path
 * patterns it allows and the sub-paths it denies. A sub-path with rules of its own is denied to
 * every role that its parent path allows but it does not name: access is not inherited.
 */
export interface StorageAccessPolicy {
  roles: Map<RoleKey, Map<StorageAction, PathSets>>;
  /** amplify_outputs.json storage `paths`, in the shape ampx writes. */
  paths: Record<string, Record<string, StorageAction[]>>;
}

export type RoleKey = 'guest' | 'authenticated' | `group:${string}`;
interface PathSets {
  allow: Set<string>;
  deny: Set<string>;
}
interface Grant {
  roles: RoleKey[];
  actions: string[];
  /** What `{entity_id}` becomes in the policy. */
  substitution: string;
  /** The keys of this grant in amplify_outputs.json (`authenticated`, `groupsADMINS`, …). */
  outputKeys: string[];
}
type AccessCallback = (allow: ReturnType<typeof recordingAllow>) => Record<string, Grant[]>;

/** The IAM policy variable ampx writes for `{entity_id}` in allow.entity('identity') paths. */
const IDENTITY_VARIABLE = '${cognito-identity.amazonaws.com:sub}';
const ACTIONS: readonly StorageAction[] = ['get', 'list', 'write', 'delete'];

/** An `allow` like the one ampx passes to the access callback, recording each grant. */
function recordingAllow() {
  const grant = (roles: RoleKey[], substitution: string, outputKeys: string[]) => ({
    to: (actions: string[]): Grant => ({ roles, actions, substitution, outputKeys }),
  });
  return {
    authenticated: grant(['authenticated'], '*', ['authenticated']),
    guest: grant(['guest'], '*', ['guest']),
    groups: (groups: string[]) =>
      grant(
        groups.map((g): RoleKey => `group:${g}`),
        '*',
        groups.map((g) => `groups${g}`),
      ),
    // Owners are signed-in users: the authenticated role, scoped to their own identity id.
    entity: (entity: string) => grant(['authenticated'], IDENTITY_VARIABLE, [`entity${entity}`]),
    // Grants to other backend resources (functions) concern no caller of the local backend.
    resource: () => grant([], '*', []),
  };
}

function substitute(path: string, substitution: string): string {
  const prefix = path.replaceAll('{entity_id}', substitution);
  return prefix.endsWith('/*/*') ? prefix.slice(0, -2) : prefix;
}

/** The other path that `path` lies under, if any (ampx: at most one, by its path validation). */
function parentOf(path: string, paths: string[]): string | undefined {
  return paths.find((p) => p !== path && path.startsWith(p.replaceAll('*', '')));
}

export function compileAccessRules(access: AccessCallback = requireStorage().access): StorageAccessPolicy {
  const roles = new Map<RoleKey, Map<StorageAction, PathSets>>();
  const paths: StorageAccessPolicy['paths'] = {};
  // Per path: one callback per (role, action) that allows it, to deny that role a sub-path later.
  const denyUnlessAllowed = new Map<string, ((subPath: string) => void)[]>();

  for (const [path, grants] of Object.entries(access(recordingAllow()))) {
    if (!path.endsWith('/*')) throw new Error(`Storage path ${path} must end with /*`);
    for (const grant of grants) {
      const actions = [...new Set(grant.actions.flatMap((a) => (a === 'read' ? ['get', 'list'] : [a])))].filter(
        (a): a is StorageAction => ACTIONS.includes(a as StorageAction),
      );
      const prefix = substitute(path, grant.substitution);
      for (const key of grant.outputKeys) (paths[prefix] ??= {})[key] = actions;
      for (const role of grant.roles) {
        const byAction = roles.get(role) ?? new Map<StorageAction, PathSets>();
        roles.set(role, byAction);
        for (const action of actions) {
          const sets = byAction.get(action) ?? { allow: new Set<string>(), deny: new Set<string>() };
          byAction.set(action, sets);
          sets.allow.add(prefix);
          const callbacks = denyUnlessAllowed.get(prefix) ?? [];
          denyUnlessAllowed.set(prefix, callbacks);
          callbacks.push((subPath) => {
            if (!sets.allow.has(subPath)) sets.deny.add(subPath);
          });
        }
      }
    }
  }

  const all = [...denyUnlessAllowed.keys()];
  for (const path of all) {
    const parent = parentOf(path, all);
    // An owner's own folder under its parent path is no separate rule to deny.
    if (!parent || parent === path.replaceAll(`${IDENTITY_VARIABLE}/`, '')) continue;
    for (const deny of denyUnlessAllowed.get(parent) ?? []) deny(path);
  }
  return { roles, paths };
}

/** The served project's defineStorage: its name (as amplify_outputs.json gives it) and access rules; undefined without one. */
export function storageDefinition(
  amplifyDir: string = servedAmplify(),
): { name: string; access: AccessCallback } | undefined {
  const storage = resourceDefinition('storage', amplifyDir);
  if (!storage) return undefined;
  const props = (storage.definition as { props?: { name?: unknown; access?: unknown } }).props ?? {};
  if (typeof props.access !== 'function') throw new Error(`${storage.file} defines no \`access\` rules.`);
  return { name: typeof props.name === 'string' ? props.name : 'storage', access: props.access as AccessCallback };
}

function requireStorage(): { name: string; access: AccessCallback } {
  const storage = storageDefinition();
  if (!storage)
    throw new Error(`${servedAmplify()}/storage/resource.ts does not exist: the project defines no storage.`);
  return storage;
}

export function roleKey(role: AssumedRole): RoleKey {
  return role.kind === 'group' ? `group:${role.group}` : role.kind;
}

/** IAM string matching: `*` is any run of characters (slashes too), `?` any one character. */
export function likeIam(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${source}$`, 's').test(value);
}

function covers(pattern: string, action: StorageAction, key: string): boolean {
  // ListBucket is granted on the s3:prefix condition: "images/*" and "images/" both.
  if (action === 'list') return key !== '' && (likeIam(pattern, key) || likeIam(pattern.slice(0, -1), key));
  return likeIam(pattern, key);
}

/**
 * Whether `caller` may do `action` on `key` (for `list`: list under the prefix `key`), as the IAM
 * policy of the role their credentials carry would decide: some allowed path covers it and no
 * denied sub-path does. Nothing that no rule names is reachable.
 */
export function isAllowed(
  policy: StorageAccessPolicy,
  caller: IssuedCredentials,
  action: StorageAction,
  key: string,
): boolean {
  const sets = policy.roles.get(roleKey(caller.role))?.get(action);
  if (!sets) return false;
  const own = (pattern: string) => pattern.replaceAll(IDENTITY_VARIABLE, caller.identityId);
  const matchesAny = (patterns: Set<string>) => [...patterns].some((p) => covers(own(p), action, key));
  return matchesAny(sets.allow) && !matchesAny(sets.deny);
}

/** Whether the caller's role has any storage grant at all (who may ask where the bucket is). */
export function hasAnyGrant(policy: StorageAccessPolicy, caller: IssuedCredentials): boolean {
  return (policy.roles.get(roleKey(caller.role))?.size ?? 0) > 0;
}

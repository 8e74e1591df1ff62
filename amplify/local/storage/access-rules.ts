import { storage } from '../../storage/resource.ts';
import type { IssuedCredentials } from '../identity/api.ts';

export type StorageAction = 'get' | 'list' | 'write' | 'delete';

/** One grant of amplify/storage/resource.ts: who may do what under a path prefix. */
export interface AccessGrant {
  /** "images/" for the rule 'images/*'. `{entity_id}` stays in, matched per caller. */
  prefix: string;
  who: { kind: 'authenticated' } | { kind: 'guest' } | { kind: 'groups'; groups: string[] } | { kind: 'entity' };
  actions: StorageAction[];
}

type Rule = { who: AccessGrant['who']; actions: string[] };

function builder(who: AccessGrant['who']) {
  return { to: (actions: string[]): Rule => ({ who, actions }) };
}

/** Reads the rules by calling the defineStorage access callback with a recording `allow`. */
export function readAccessGrants(): AccessGrant[] {
  const access = (storage as unknown as { props?: { access?: (allow: unknown) => Record<string, Rule[]> } }).props
    ?.access;
  if (typeof access !== 'function') throw new Error('amplify/storage/resource.ts defines no `access` rules.');
  const allow = {
    authenticated: builder({ kind: 'authenticated' }),
    guest: builder({ kind: 'guest' }),
    groups: (groups: string[]) => builder({ kind: 'groups', groups }),
    entity: () => builder({ kind: 'entity' }),
    resource: () => ({ to: (actions: string[]): Rule => ({ who: { kind: 'groups', groups: [] }, actions }) }),
  };
  const grants: AccessGrant[] = [];
  for (const [path, rules] of Object.entries(access(allow))) {
    if (!path.endsWith('/*')) throw new Error(`Storage path ${path} must end with /*`);
    for (const rule of rules) {
      const actions = new Set<StorageAction>();
      for (const a of rule.actions) {
        if (a === 'read') actions.add('get').add('list');
        else if (a === 'get' || a === 'list' || a === 'write' || a === 'delete') actions.add(a);
      }
      grants.push({ prefix: path.slice(0, -1), who: rule.who, actions: [...actions] });
    }
  }
  return grants;
}

function applies(grant: AccessGrant, caller: IssuedCredentials): boolean {
  switch (grant.who.kind) {
    case 'guest':
      return !caller.authenticated;
    case 'authenticated':
    case 'entity':
      return caller.authenticated;
    case 'groups': {
      const groups = grant.who.groups;
      return caller.authenticated && caller.groups.some((g) => groups.includes(g));
    }
  }
}

function prefixFor(grant: AccessGrant, caller: IssuedCredentials): string {
  return grant.prefix.replace('{entity_id}', caller.identityId);
}

/**
 * Whether `caller` may do `action` on `key` (get/write/delete) or list under the prefix `key`,
 * as the IAM policies ampx deploys would decide: a grant's path is a prefix; nothing outside
 * every grant's prefix is reachable.
 */
export function isAllowed(
  grants: AccessGrant[],
  caller: IssuedCredentials,
  action: StorageAction,
  key: string,
): boolean {
  return grants.some((g) => g.actions.includes(action) && applies(g, caller) && key.startsWith(prefixFor(g, caller)));
}

/** The `paths` of the bucket in amplify_outputs.json, in the shape ampx writes. */
export function outputsPaths(grants: AccessGrant[]): Record<string, Record<string, string[]>> {
  const paths: Record<string, Record<string, string[]>> = {};
  for (const g of grants) {
    const path = `${g.prefix}*`;
    const entry = (paths[path] ??= {});
    const keys =
      g.who.kind === 'groups'
        ? g.who.groups.map((name) => `groups${name}`)
        : [g.who.kind === 'entity' ? 'entityidentity' : g.who.kind === 'guest' ? 'guest' : 'authenticated'];
    for (const k of keys) entry[k] = [...new Set([...(entry[k] ?? []), ...g.actions])];
  }
  return paths;
}

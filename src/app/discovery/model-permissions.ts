import { authRulesOf, type AuthRule, type ModelIntrospection } from './model-introspection';
import type { Reach } from './storage-access';

export type Operation = 'create' | 'read' | 'update' | 'delete';
const OPERATIONS: readonly Operation[] = ['create', 'read', 'update', 'delete'];

/** How the console must sign its requests for a model to be let through by the rules that grant them. */
export type AuthMode = 'userPool' | 'apiKey' | 'identityPool';

export interface ModelPermissions {
  readonly model: string;
  readonly create: Reach;
  readonly read: Reach;
  readonly update: Reach;
  readonly delete: Reach;
  readonly authMode: AuthMode;
  /** The rules that grant the user something, in words (`allow.groups(['ADMINS']): create, read, …`). */
  readonly grantedBy: readonly string[];
  /** Set when the console cannot tell what the rules allow: it shows the model read-only, and says why. */
  readonly readOnlyReason?: string;
  /** Why the user cannot look after every record, and exactly which rule would let them. */
  readonly missing?: string;
}

/** Gen 2 spells reads as read, or get/list/listen/sync/search in finer rules: all are reads here. */
function operationsOf(rule: AuthRule): Operation[] {
  const ops = rule.operations ?? OPERATIONS;
  return OPERATIONS.filter((op) => ops.includes(op) || (op === 'read' && ops.some((o) => READS.has(o))));
}
const READS = new Set(['get', 'list', 'listen', 'sync', 'search']);

interface Grant {
  reach: Reach;
  mode: AuthMode;
  words: string;
}

/** What one rule grants a signed-in user in `groups`, or a reason it cannot be read, or nothing. */
function grantOf(rule: AuthRule, groups: readonly string[]): Grant | { unreadable: string } | undefined {
  const quoted = (names: readonly string[]) => names.map((g) => `'${g}'`).join(', ');
  switch (rule.allow) {
    case 'groups':
      if (rule.groupsField) {
        return { reach: 'own', mode: 'userPool', words: `allow.groupsDefinedIn('${rule.groupsField}')` };
      }
      if (!(rule.groups ?? []).some((g) => groups.includes(g))) return undefined;
      return { reach: 'all', mode: 'userPool', words: `allow.groups([${quoted(rule.groups ?? [])}])` };
    case 'private':
    case 'authenticated':
      return rule.provider === 'iam' || rule.provider === 'identityPool'
        ? { reach: 'all', mode: 'identityPool', words: "allow.authenticated('identityPool')" }
        : { reach: 'all', mode: 'userPool', words: 'allow.authenticated()' };
    case 'owner':
      return { reach: 'own', mode: 'userPool', words: `allow.owner() (field ${rule.ownerField ?? 'owner'})` };
    case 'public':
      return rule.provider === 'iam' || rule.provider === 'identityPool'
        ? { reach: 'all', mode: 'identityPool', words: 'allow.guest()' }
        : { reach: 'all', mode: 'apiKey', words: 'allow.publicApiKey()' };
    case 'custom':
      return { unreadable: 'a custom (Lambda) authorizer decides, and the console cannot read its code' };
    default:
      return { unreadable: `the rule "allow: ${rule.allow}" is not one the console knows` };
  }
}

const MODE_ORDER: readonly AuthMode[] = ['userPool', 'identityPool', 'apiKey'];

/**
 * What the signed-in user (in `groups`, any names) may do with a model's records, from the model's
 * authorization rules in the introspection. The console signs requests one way per model: with the
 * user's token where a user-pool rule grants something, else the identity pool, else the API key;
 * only rules of that mode count. Rules it cannot read make the model read-only, with the reason.
 */
export function permissionsFor(
  model: string,
  groups: readonly string[],
  introspection: ModelIntrospection,
): ModelPermissions {
  const definition = introspection.models[model];
  const none = { create: 'none', read: 'none', update: 'none', delete: 'none' } as const;
  if (!definition) {
    return { model, ...none, authMode: 'userPool', grantedBy: [], readOnlyReason: `There is no model ${model}.` };
  }
  const rules = authRulesOf(definition);
  if (!rules) {
    return {
      model,
      ...none,
      read: 'all',
      authMode: 'userPool',
      grantedBy: [],
      readOnlyReason: `${model} has no authorization rules in amplify_outputs.json, so the console cannot tell what you may change: it shows ${model} read-only.`,
    };
  }
  const grants: (Grant & { ops: Operation[] })[] = [];
  const unreadable: string[] = [];
  for (const rule of rules) {
    const grant = grantOf(rule, groups);
    if (!grant) continue;
    if ('unreadable' in grant) unreadable.push(grant.unreadable);
    else grants.push({ ...grant, ops: operationsOf(rule) });
  }
  const authMode = MODE_ORDER.find((m) => grants.some((g) => g.mode === m)) ?? 'userPool';
  const used = grants.filter((g) => g.mode === authMode);
  const reach = (op: Operation): Reach => {
    const reaches = used.filter((g) => g.ops.includes(op)).map((g) => g.reach);
    return reaches.includes('all') ? 'all' : reaches.includes('own') ? 'own' : 'none';
  };
  const result = { create: reach('create'), read: reach('read'), update: reach('update'), delete: reach('delete') };
  const grantedBy = used.map((g) => `${g.words}: ${g.ops.join(', ')}`);
  if (unreadable.length > 0 && result.read === 'none') {
    const reason = `${model}'s rules cannot be read (${[...new Set(unreadable)].join('; ')}): the console shows ${model} read-only and the backend decides what you see.`;
    return { model, ...none, read: 'all', authMode, grantedBy, readOnlyReason: reason };
  }
  return { model, ...result, authMode, grantedBy, ...missingRule(model, groups, rules, result) };
}

/** Said when the user sees only some records (owner rules) or none: names the group rule to add. */
function missingRule(
  model: string,
  groups: readonly string[],
  rules: readonly AuthRule[],
  reach: Record<Operation, Reach>,
): { missing?: string } {
  if (reach.read === 'all') return {};
  const group = groups[0] ?? '<your admin group>';
  const who = groups.length > 0 ? `members of ${groups.join(', ')}` : 'signed-in users without a group';
  const ops = (['read', 'update', 'delete'] as const).filter((op) => op === 'read' || reach[op] === 'own');
  const rule = `allow.groups(['${group}']).to([${ops.map((o) => `'${o}'`).join(', ')}])`;
  const where = `to ${model}'s authorization in amplify/data/resource.ts`;
  if (reach.read === 'own') {
    const owner = rules.some((r) => r.allow === 'owner') ? 'owner-only (allow.owner())' : 'shared per record';
    return {
      missing: `${model} records are ${owner}: ${who} see only the records they own, not everyone's. Add ${rule} ${where} to look after every record.`,
    };
  }
  return { missing: `None of ${model}'s rules lets ${who} read it. Add ${rule} ${where}.` };
}

import type { GraphQLField, GraphQLObjectType } from 'graphql';
import type { Caller } from './caller.ts';
import type { AuthMode, Model } from './models.ts';
import type { AuthRule } from './schema-loader.ts';

export type ModelOperation = 'create' | 'update' | 'delete' | 'get' | 'list' | 'listen';

const DIRECTIVE_MODES: Record<string, AuthMode> = {
  aws_api_key: 'API_KEY',
  aws_cognito_user_pools: 'AMAZON_COGNITO_USER_POOLS',
  aws_iam: 'AWS_IAM',
  aws_oidc: 'OPENID_CONNECT',
  aws_lambda: 'AWS_LAMBDA',
};

/**
 * AppSync's own check, before any resolver: a field may be reached only with the modes its
 * @aws_* directives name, else those of its type, else the API's default mode.
 */
export function modesOf(
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  defaultMode: AuthMode,
): Set<AuthMode> {
  const fromDirectives = (names: readonly { name: { value: string } }[] | undefined) =>
    (names ?? []).map((d) => DIRECTIVE_MODES[d.name.value]).filter((m): m is AuthMode => !!m);
  const own = fromDirectives(field.astNode?.directives);
  if (own.length) return new Set(own);
  const typeLevel = fromDirectives(parent.astNode?.directives);
  return new Set(typeLevel.length ? typeLevel : [defaultMode]);
}

/** What a caller may do: everything, only records a predicate accepts (owner rules), or nothing. */
export type Access = { all: true } | { all: false; allows: (item: Record<string, unknown>) => boolean } | null;

const READS: ModelOperation[] = ['get', 'list', 'listen'];

function covers(rule: AuthRule, op: ModelOperation): boolean {
  const ops = rule.operations ?? ['create', 'read', 'update', 'delete'];
  return ops.includes(op) || (READS.includes(op) && ops.includes('read'));
}

function providerOf(rule: AuthRule): string {
  if (rule.provider) return rule.provider;
  return rule.allow === 'public' ? 'apiKey' : 'userPools';
}

/** The values an owner field may hold for this caller (Gen 2 writes `<sub>::<username>`). */
export function ownerIdentities(caller: Caller, rule?: AuthRule): string[] {
  const c = caller.claims;
  if (!c) return [];
  const username = (c['cognito:username'] ?? c.username) as string | undefined;
  const claim = rule?.identityClaim ?? 'sub::username';
  // `username` falls back to `cognito:username` (ID tokens carry only that one), as the resolvers do.
  const own =
    claim === 'sub::username' ? (username ? `${c.sub}::${username}` : '') : claim === 'username' ? username : c[claim];
  const values = [String(own ?? '')];
  values.push(c.sub);
  if (username) values.push(username, `${c.sub}::${username}`);
  return [...new Set(values.filter(Boolean))];
}

const holds = (value: unknown, candidates: string[]) =>
  Array.isArray(value) ? value.some((v) => candidates.includes(String(v))) : candidates.includes(String(value));

/**
 * The model's @auth rules as the Amplify transformer's resolvers apply them, for the caller's
 * mode. AWS_IAM callers signed with identity-pool credentials are reached only by rules that name
 * the identity pool: `allow.authenticated('identityPool')` (private, iam) for a signed-in identity
 * — whatever group role it assumed — and `allow.guest()` (public, iam) for a guest. A function's
 * execution role is let through whatever the rules (its IAM statements decide, see iam-auth.ts). Rules of
 * providers the local backend does not serve (OIDC, Lambda) grant nothing.
 */
export function access(rules: AuthRule[], caller: Caller, op: ModelOperation): Access {
  // A function's role (allow.resource): Gen 2's resolvers let IAM principals that are not
  // identity-pool identities through; its IAM statements were checked on the operation's field.
  if (caller.mode === 'AWS_IAM' && caller.role) return { all: true };
  const predicates: ((item: Record<string, unknown>) => boolean)[] = [];
  for (const rule of rules) {
    if (!covers(rule, op)) continue;
    const provider = providerOf(rule);
    if (caller.mode === 'API_KEY') {
      if (rule.allow === 'public' && provider === 'apiKey') return { all: true };
      continue;
    }
    if (caller.mode === 'AWS_IAM') {
      if (!caller.iam || (provider !== 'iam' && provider !== 'identityPool')) continue;
      if (rule.allow === 'private' && caller.iam.authenticated) return { all: true };
      if (rule.allow === 'public' && !caller.iam.authenticated) return { all: true };
      continue;
    }
    if (caller.mode !== 'AMAZON_COGNITO_USER_POOLS' || provider !== 'userPools') continue;
    if (rule.allow === 'private') return { all: true };
    if (rule.allow === 'groups') {
      const claim = rule.groupClaim ?? 'cognito:groups';
      const callerGroups = claim === 'cognito:groups' ? caller.groups : [caller.claims?.[claim]].flat().map(String);
      if (rule.groups?.length) {
        if (rule.groups.some((g) => callerGroups.includes(g))) return { all: true };
      } else if (rule.groupsField) {
        const field = rule.groupsField;
        predicates.push((item) => holds(item[field], callerGroups));
      }
    }
    if (rule.allow === 'owner') {
      const field = rule.ownerField ?? 'owner';
      const ids = ownerIdentities(caller, rule);
      predicates.push((item) => holds(item[field], ids));
    }
  }
  if (!predicates.length) return null;
  return { all: false, allows: (item) => predicates.some((p) => p(item)) };
}

/** On create, owner fields the caller left out are set to them (as the transformer does). */
export function fillOwner(model: Model, caller: Caller, item: Record<string, unknown>): void {
  if (caller.mode !== 'AMAZON_COGNITO_USER_POOLS') return;
  for (const rule of model.rules) {
    if (rule.allow !== 'owner' || !covers(rule, 'create')) continue;
    const field = rule.ownerField ?? 'owner';
    if (item[field] === undefined || item[field] === null) item[field] = ownerIdentities(caller, rule)[0];
  }
}

export const allows = (a: Access, item: Record<string, unknown>) => !!a && (a.all || a.allows(item));

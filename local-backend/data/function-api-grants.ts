import type { GraphqlGrants, GraphqlStatement } from './function-api-roles.ts';

/** A policy statement as synthesized, its references already resolved across stacks. */
interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
}

const GRAPHQL_ACTION = /^(appsync:(GraphQL|\*)|\*)$/i;

/**
 * A resource of an `appsync:GraphQL` statement relative to the API's ARN: `types/Query/*` from
 * `Fn::Join ['', [<api arn>, '/types/Query/*']]` (what Gen 2's AppSyncPolicyGenerator writes) or
 * from a literal ARN; `*` for every resource.
 */
function apiResource(value: unknown): string | undefined {
  if (value === '*') return '*';
  if (typeof value === 'string') return /:apis\/[^/]+\/(.+)$/.exec(value)?.[1];
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (!join || join[0] !== '') return undefined;
  const tail = join[1].at(-1);
  return typeof tail === 'string' && tail.startsWith('/types/') ? tail.slice(1) : undefined;
}

/**
 * A function role's GraphQL grants, read from its policy statements: `allow.resource(fn)` in the
 * schema's authorization gives `appsync:GraphQL` on `types/<Query|Mutation|Subscription>/*` and
 * `s3:GetObject` on the model introspection schema; a backend.ts may add narrower or Deny ones.
 */
export function graphqlGrants(statements: Statement[]): GraphqlGrants {
  const result: GraphqlStatement[] = [];
  let schemaObject = false;
  for (const s of statements) {
    const actions = [s.Action ?? []].flat().map(String);
    const effect = s.Effect === 'Deny' ? 'Deny' : 'Allow';
    if (actions.some((a) => GRAPHQL_ACTION.test(a))) {
      const list = (v: unknown) => [v ?? []].flat().map(apiResource);
      if (s.NotResource !== undefined) {
        result.push({ effect, notResources: list(s.NotResource).filter((r) => r !== undefined) });
      } else {
        const resources = list(s.Resource).filter((r) => r !== undefined);
        if (resources.length) result.push({ effect, resources });
      }
    }
    if (
      effect === 'Allow' &&
      actions.some((a) => /^s3:(GetObject|\*)$/i.test(a)) &&
      JSON.stringify(s.Resource ?? null).includes('modelIntrospectionSchemaBucket')
    ) {
      schemaObject = true;
    }
  }
  return { statements: result, schemaObject };
}

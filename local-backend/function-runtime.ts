import type { FunctionApiRoles } from './data/function-api-roles.ts';
import type { FunctionRuntime } from './data/functions.ts';
import { dataClientEnvironment } from './data/schema-bucket.ts';
import type { TableGrant } from './data/function-resource-grants.ts';
import type { DynamoDbService } from './dynamodb/index.ts';
import type { PolicyStatement } from './dynamodb/grants.ts';
import type { IdentityService } from './identity/index.ts';
import type { ServiceContext } from './service.ts';
import { BUCKET, type StorageService } from './storage/index.ts';

/**
 * The AWS environment a function of the backend runs in locally: the resource ids it would read
 * from SSM, the local endpoints through the SDK's own per-service endpoint variables, its tables'
 * names, and credentials of an execution role allowed exactly the user-pool actions and table
 * statements it was granted.
 */
export function functionRuntime(
  ctx: ServiceContext,
  identity: IdentityService,
  /** The local DynamoDB, once it exists (it serves the Data API's store, made after this runtime). */
  dynamodb: () => DynamoDbService | undefined = () => undefined,
  /** The local S3, made after the Data API too. */
  storage: () => StorageService | undefined = () => undefined,
  /** The GraphQL API's view of the functions' roles (allow.resource in the schema). */
  apiRoles?: FunctionApiRoles,
): FunctionRuntime {
  return {
    region: identity.api.region,
    resourceIds: { AMPLIFY_AUTH_USERPOOL_ID: identity.api.userPoolId },
    endpoints: {
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${ctx.baseUrl}/cognito-idp`,
      AWS_ENDPOINT_URL_DYNAMODB: ctx.baseUrl,
      AWS_ENDPOINT_URL_S3: ctx.baseUrl,
    },
    environment: (fn) => {
      const tables = dynamodb()?.tables;
      // allow.resource(fn) in the schema: the endpoint and schema object the data client config reads.
      const env: Record<string, string> = fn.graphqlGrants
        ? dataClientEnvironment(fn.ssmEnvironment, `${ctx.baseUrl}/graphql`)
        : {};
      for (const [name, ref] of Object.entries(fn.tableEnvironment ?? {})) {
        const table = tables?.byModel(ref.model);
        if (table) env[name] = ref.attribute === 'name' ? table.name : table.arn;
      }
      const bucket = storage();
      // Gen 2 resolves the bucket's name from SSM at start; locally it is the one local bucket.
      if (bucket && fn.ssmEnvironment.includes(bucket.bucketVariable)) env[bucket.bucketVariable] = BUCKET;
      return env;
    },
    credentials: (fn) => {
      const principal = `${fn.name}-role/${fn.name}`;
      const creds = identity.admin.issueRoleCredentials(principal, fn.userPoolActions);
      const service = dynamodb();
      if (service) service.grant(creds, principal, policyStatements(fn.tableGrants ?? [], service));
      storage()?.functionRoles.add(creds, principal, fn.bucketGrants ?? []);
      if (fn.graphqlGrants) apiRoles?.add(creds, principal, fn.graphqlGrants);
      return creds;
    },
  };
}

/** A function's table statements with each model's table ARN filled in. */
function policyStatements(grants: TableGrant[], dynamodb: DynamoDbService): PolicyStatement[] {
  return grants.map((g) => ({
    actions: g.actions,
    resources: g.resources.flatMap((r) => {
      if ('arn' in r) return [r.arn];
      const table = dynamodb.tables.byModel(r.model);
      return table ? [`${table.arn}${r.suffix}`] : [];
    }),
  }));
}

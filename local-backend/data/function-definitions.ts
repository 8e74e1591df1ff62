import { Kind, parse, valueFromASTUntyped, type ObjectTypeDefinitionNode } from 'graphql';
import type { FunctionSchedule } from '../schedules/scheduler.ts';
import type { StorageTrigger } from '../storage/notifications.ts';
import { storageTriggers } from '../storage/trigger-definitions.ts';
import { graphqlGrants } from './function-api-grants.ts';
import {
  type BucketGrant,
  type PolicyStatement,
  type TableGrant,
  bucketGrantsOf,
  tableGrantsOf,
  tableReference,
} from './function-resource-grants.ts';
import type { GraphqlGrants } from './function-api-roles.ts';

/** A function (defineFunction) as it would deploy: its bundled code, environment and IAM grants. */
export interface FunctionDefinition {
  /** defineFunction's name (the amplify:friendly-name tag). */
  name: string;
  /** The bundle esbuild made for the deployment package (index.mjs, ES module). */
  bundle: string;
  /** The Lambda's environment variables as synthesized (SSM-resolved ones hold a placeholder). */
  environment: Record<string, string>;
  /** Variables the deployed function resolves from SSM at start (e.g. AMPLIFY_AUTH_USERPOOL_ID). */
  ssmEnvironment: string[];
  /** IAM actions its execution role is allowed on the user pool (cognito-idp:…). */
  userPoolActions: string[];
  /** Its role's statements on the models' tables (grantReadData and the like), resources by model. */
  tableGrants?: TableGrant[];
  /** Variables holding a model's table name or ARN (addEnvironment with tables[model].tableName / tableArn). */
  tableEnvironment?: Record<string, { model: string; attribute: 'name' | 'arn' }>;
  /** The Lambda's Timeout (seconds; Lambda's default is 3). */
  timeoutSeconds?: number;
  /** Its role's statements on the bucket (defineStorage's allow.resource), keys relative to the bucket. */
  bucketGrants?: BucketGrant[];
  /** Its role's appsync:GraphQL statements (allow.resource(fn) in the schema's authorization). */
  graphqlGrants?: GraphqlGrants;
}

/** A custom query or mutation (a.query()/a.mutation() with a function handler). */
export interface CustomOperation {
  typeName: 'Query' | 'Mutation';
  fieldName: string;
  functionName: string;
  /** Its @auth rules from the model schema (e.g. { allow: 'groups', groups: ['ADMINS'] }). */
  rules: { allow: string; groups?: string[]; provider?: string }[];
  /** 'Event' for a.handler.function(fn).async(): AppSync invokes without waiting and answers { success }. */
  invocationType?: 'Event';
}

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

/**
 * Reads the functions and the custom operations they resolve from a synthesized cloud assembly:
 * the model schema's @function(name) names the Lambda data source, whose function ARN refers to
 * the Lambda resource; the Lambda's code key names its asset folder.
 */
export function extractFunctions(
  resources: [string, Resource][],
  modelSchema: string,
  readAsset: (assetHash: string, file: string) => string,
  /** The nested stacks' outputs by name: a stack reads another's value as `Fn::GetAtt [stack, Outputs.<name>]`. */
  outputs: Map<string, unknown> = new Map(),
): {
  functions: FunctionDefinition[];
  customOperations: CustomOperation[];
  schedules: FunctionSchedule[];
  triggers: StorageTrigger[];
} {
  // A nested stack reads another stack's value through a parameter its parent passes: seen through.
  const parameters = new Map<string, unknown>();
  for (const [, r] of resources) {
    if (r.Type !== 'AWS::CloudFormation::Stack') continue;
    for (const [name, value] of Object.entries((r.Properties?.['Parameters'] ?? {}) as Record<string, unknown>)) {
      parameters.set(name, value);
    }
  }
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string' && parameters.has(ref)) return resolve(parameters.get(ref));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  // The files buckets: not the one the Data construct keeps its model introspection in.
  // A role another stack names: a parameter the parent fills with the role stack's output, `Ref` to the role.
  const roleRef = (value: unknown): unknown => {
    const resolved = resolve(value);
    const getAtt = (resolved as { 'Fn::GetAtt'?: [string, string] } | null)?.['Fn::GetAtt'];
    const output = Array.isArray(getAtt) && String(getAtt[1]).startsWith('Outputs.') ? getAtt[1].slice(8) : undefined;
    return output !== undefined && outputs.has(output) ? outputs.get(output) : resolved;
  };
  const buckets = new Set(
    resources
      .filter(([id, r]) => r.Type === 'AWS::S3::Bucket' && !id.startsWith('modelIntrospectionSchemaBucket'))
      .map(([id]) => id),
  );
  const lambdas = resources.filter(
    ([, r]) =>
      r.Type === 'AWS::Lambda::Function' &&
      (r.Properties?.['Tags'] as { Key: string }[] | undefined)?.some((t) => t.Key === 'amplify:friendly-name'),
  );
  const dataSources = new Map(
    resources
      .filter(([, r]) => r.Type === 'AWS::AppSync::DataSource' && r.Properties?.['Type'] === 'AWS_LAMBDA')
      .map(([, r]) => [String(r.Properties?.['Name']), JSON.stringify(r.Properties?.['LambdaConfig'] ?? {})]),
  );
  // CDK names a cross-stack reference after the logical id: its prefix, then a hash and "Arn".
  // The longest prefix wins, so a function named "admin" is not taken for "user-admin".
  const byPrefix = [...lambdas].sort(([a], [b]) => b.length - a.length);
  const lambdaFor = (dataSourceRef: string) =>
    byPrefix.find(([id]) => new RegExp(`${id.slice(0, -8)}[0-9A-F]{8}(Arn)?"`).test(dataSourceRef));

  const customOperations: CustomOperation[] = [];
  const used = new Map<string, [string, Resource]>();
  const doc = parse(modelSchema);
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeName = (def as ObjectTypeDefinitionNode).name.value;
    if (typeName !== 'Query' && typeName !== 'Mutation') continue;
    for (const field of def.fields ?? []) {
      const fn = field.directives?.find((d) => d.name.value === 'function');
      const fnName = fn?.arguments?.find((a) => a.name.value === 'name')?.value;
      if (!fnName || fnName.kind !== Kind.STRING) continue;
      const ref = dataSources.get(`${fnName.value}LambdaDataSource`);
      const lambda = ref ? lambdaFor(ref) : undefined;
      if (!lambda) throw new Error(`no Lambda function found for ${typeName}.${field.name.value} (${fnName.value})`);
      const auth = field.directives?.find((d) => d.name.value === 'auth');
      const rulesArg = auth?.arguments?.find((a) => a.name.value === 'rules')?.value;
      const rules = rulesArg ? (valueFromASTUntyped(rulesArg) as CustomOperation['rules']) : [];
      const invocation = fn?.arguments?.find((a) => a.name.value === 'invocationType')?.value;
      const name = friendlyName(lambda[1]);
      used.set(name, lambda);
      customOperations.push({
        typeName,
        fieldName: field.name.value,
        functionName: name,
        rules,
        ...(invocation?.kind === Kind.ENUM && invocation.value === 'Event' ? { invocationType: 'Event' as const } : {}),
      });
    }
  }

  // EventBridge Scheduler schedules (defineFunction's `schedule`) whose target is one of the functions.
  const schedules: FunctionSchedule[] = [];
  for (const [id, r] of resources) {
    if (r.Type !== 'AWS::Scheduler::Schedule') continue;
    const target = (r.Properties?.['Target'] ?? {}) as { Arn?: { 'Fn::GetAtt'?: [string, string] }; Input?: string };
    const lambda = lambdas.find(([lambdaId]) => lambdaId === target.Arn?.['Fn::GetAtt']?.[0]);
    if (!lambda) continue;
    const name = friendlyName(lambda[1]);
    used.set(name, lambda);
    schedules.push({
      name: typeof r.Properties?.['Name'] === 'string' ? r.Properties['Name'] : id,
      functionName: name,
      expression: String(r.Properties?.['ScheduleExpression']),
      timezone:
        typeof r.Properties?.['ScheduleExpressionTimezone'] === 'string'
          ? r.Properties['ScheduleExpressionTimezone']
          : 'UTC',
      enabled: r.Properties?.['State'] !== 'DISABLED',
      ...(typeof target.Input === 'string' ? { input: target.Input } : {}),
    });
  }

  // Storage triggers (defineStorage's `triggers`): the bucket's notification configuration names them.
  const triggers: StorageTrigger[] = [];
  for (const { trigger, lambda } of storageTriggers(resources, resolve, lambdaFor)) {
    const name = friendlyName(lambda[1]);
    used.set(name, lambda);
    triggers.push({ functionName: name, ...trigger });
  }

  const functions = [...used.entries()].map(([name, [, lambda]]) => {
    const roleId = (lambda.Properties?.['Role'] as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt']?.[0];
    const statements = resources
      .filter(
        ([, p]) =>
          p.Type === 'AWS::IAM::Policy' &&
          // A policy of another stack names the role through a parameter the parent passes.
          (p.Properties?.['Roles'] as unknown[] | undefined)?.some(
            (r) => (roleRef(r) as { Ref?: string }).Ref === roleId,
          ),
      )
      .flatMap(([, p]) => (resolve(p.Properties?.['PolicyDocument']) as { Statement: PolicyStatement[] }).Statement);
    const userPoolActions = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('cognito-idp:'));
    const tableGrants = tableGrantsOf(statements);
    const bucketGrants = bucketGrantsOf(statements, (id) => buckets.has(id));
    const vars =
      ((resolve(lambda.Properties?.['Environment']) as { Variables?: Record<string, unknown> }) ?? {}).Variables ?? {};
    const environment = Object.fromEntries(
      Object.entries(vars).filter(([, v]) => typeof v === 'string') as [string, string][],
    );
    const tableEnvironment = Object.fromEntries(
      Object.entries(vars)
        .map(([k, v]) => [k, tableReference(v)] as const)
        .filter(([, ref]) => ref !== undefined),
    ) as FunctionDefinition['tableEnvironment'];
    const ssmEnvironment = Object.keys(JSON.parse(environment['AMPLIFY_SSM_ENV_CONFIG'] ?? '{}') as object);
    const key = String((lambda.Properties?.['Code'] as { S3Key?: unknown })?.S3Key ?? '').replace(/\.zip$/, '');
    return {
      name,
      bundle: readAsset(key, 'index.mjs'),
      environment,
      ssmEnvironment,
      userPoolActions,
      tableGrants,
      tableEnvironment,
      timeoutSeconds: typeof lambda.Properties?.['Timeout'] === 'number' ? lambda.Properties['Timeout'] : 3,
      bucketGrants,
      graphqlGrants: graphqlGrants(statements),
    };
  });
  return { functions, customOperations, schedules, triggers };
}

function friendlyName(lambda: Resource): string {
  const tags = (lambda.Properties?.['Tags'] ?? []) as { Key: string; Value: string }[];
  return tags.find((t) => t.Key === 'amplify:friendly-name')!.Value;
}

import { Kind, parse, valueFromASTUntyped, type ObjectTypeDefinitionNode } from 'graphql';

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
}

/** A custom query or mutation (a.query()/a.mutation() with a function handler). */
export interface CustomOperation {
  typeName: 'Query' | 'Mutation';
  fieldName: string;
  functionName: string;
  /** Its @auth rules from the model schema (e.g. { allow: 'groups', groups: ['ADMINS'] }). */
  rules: { allow: string; groups?: string[]; provider?: string }[];
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
): { functions: FunctionDefinition[]; customOperations: CustomOperation[] } {
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
      const name = friendlyName(lambda[1]);
      used.set(name, lambda);
      customOperations.push({ typeName, fieldName: field.name.value, functionName: name, rules });
    }
  }

  const functions = [...used.entries()].map(([name, [, lambda]]) => {
    const roleId = (lambda.Properties?.['Role'] as { 'Fn::GetAtt'?: [string, string] })?.['Fn::GetAtt']?.[0];
    const userPoolActions = resources
      .filter(
        ([, p]) =>
          p.Type === 'AWS::IAM::Policy' &&
          (p.Properties?.['Roles'] as { Ref?: string }[] | undefined)?.some((r) => r.Ref === roleId),
      )
      .flatMap(
        ([, p]) => (p.Properties?.['PolicyDocument'] as { Statement: { Action: string | string[] }[] }).Statement,
      )
      .flatMap((s) => [s.Action].flat())
      .filter((a) => a.startsWith('cognito-idp:'));
    const vars =
      ((lambda.Properties?.['Environment'] as { Variables?: Record<string, unknown> }) ?? {}).Variables ?? {};
    const environment = Object.fromEntries(
      Object.entries(vars).filter(([, v]) => typeof v === 'string') as [string, string][],
    );
    const ssmEnvironment = Object.keys(JSON.parse(environment['AMPLIFY_SSM_ENV_CONFIG'] ?? '{}') as object);
    const key = String((lambda.Properties?.['Code'] as { S3Key?: unknown })?.S3Key ?? '').replace(/\.zip$/, '');
    return { name, bundle: readAsset(key, 'index.mjs'), environment, ssmEnvironment, userPoolActions };
  });
  return { functions, customOperations };
}

function friendlyName(lambda: Resource): string {
  const tags = (lambda.Properties?.['Tags'] ?? []) as { Key: string; Value: string }[];
  return tags.find((t) => t.Key === 'amplify:friendly-name')!.Value;
}

/**
 * A function role's grants on the models' tables and on the bucket, read from its synthesized
 * policy statements (references across stacks already resolved).
 */

/** A policy statement as synthesized. */
export interface PolicyStatement {
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * A policy statement on the bucket: `keys` are object key patterns (`reports/*`) for object
 * actions; for s3:ListBucket, `listPrefixes` are the s3:prefix patterns of its condition.
 */
export interface BucketGrant {
  actions: string[];
  keys: string[];
  listPrefixes?: string[];
}

/** A policy statement on model tables: `resources` are a model's table (suffix '' ) or its indexes ('/index/*'), or literal ARNs. */
export interface TableGrant {
  actions: string[];
  resources: ({ model: string; suffix: string } | { arn: string })[];
}

// Amplify's table stacks export each table's ARN as an output named after the model twice.
const TABLE_ARN_OUTPUT = /amplifyData([A-Za-z0-9]+)\1Table[0-9A-F]{8}TableArn$/;

/** The model whose table ARN a template value refers to (an Fn::GetAtt of the table stack's output), if it does. */
function tableArnModel(value: unknown): string | undefined {
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] } | null)?.['Fn::GetAtt'];
  return getAtt ? TABLE_ARN_OUTPUT.exec(String(getAtt[1]))?.[1] : undefined;
}

/** `tables[model].tableName` synthesizes as the last part of the ARN: Select 1 of Split '/' of Select 5 of Split ':'. */
export function tableReference(value: unknown): { model: string; attribute: 'name' | 'arn' } | undefined {
  const direct = tableArnModel(value);
  if (direct) return { model: direct, attribute: 'arn' };
  const text = JSON.stringify(value ?? null);
  const inner = /"Fn::GetAtt":\["[^"]+","([^"]+)"\]/.exec(text)?.[1];
  const model = inner ? TABLE_ARN_OUTPUT.exec(inner)?.[1] : undefined;
  return model && text.includes('"Fn::Split":["/"') ? { model, attribute: 'name' } : undefined;
}

function tableResource(value: unknown): TableGrant['resources'][number] | undefined {
  if (typeof value === 'string') return { arn: value };
  const model = tableArnModel(value);
  if (model) return { model, suffix: '' };
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (join && join[0] === '' && join[1].length === 2 && typeof join[1][1] === 'string') {
    const joined = tableArnModel(join[1][0]);
    if (joined) return { model: joined, suffix: join[1][1] };
  }
  return undefined;
}

/** An object-key pattern of the bucket's ARN joined with a path, '' for the bucket itself. */
function bucketKey(value: unknown, isBucket: (logicalId: string) => boolean): string | undefined {
  const bucketArn = (v: unknown) => {
    const getAtt = (v as { 'Fn::GetAtt'?: [string, string] } | null)?.['Fn::GetAtt'];
    return !!getAtt && getAtt[1] === 'Arn' && isBucket(getAtt[0]);
  };
  if (bucketArn(value)) return '';
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (join && join[0] === '' && join[1].length === 2 && bucketArn(join[1][0]) && typeof join[1][1] === 'string') {
    return join[1][1].replace(/^\//, '');
  }
  return undefined;
}

/** The statements' DynamoDB actions on model tables (grantReadData and the like). */
export function tableGrantsOf(statements: readonly PolicyStatement[]): TableGrant[] {
  return statements
    .map((s) => ({
      actions: [s.Action].flat().filter((a) => a.startsWith('dynamodb:')),
      resources: [s.Resource]
        .flat()
        .map(tableResource)
        .filter((r) => r !== undefined),
    }))
    .filter((g) => g.actions.length > 0 && g.resources.length > 0);
}

/** The statements' S3 actions on the files bucket (defineStorage's allow.resource); `isBucket` names its logical ids. */
export function bucketGrantsOf(
  statements: readonly PolicyStatement[],
  isBucket: (logicalId: string) => boolean,
): BucketGrant[] {
  return statements
    .map((s): BucketGrant => {
      const prefixes = s.Condition?.['StringLike']?.['s3:prefix'];
      return {
        actions: [s.Action].flat().filter((a) => a.startsWith('s3:')),
        keys: [s.Resource]
          .flat()
          .map((r) => bucketKey(r, isBucket))
          .filter((k) => k !== undefined),
        ...(prefixes === undefined ? {} : { listPrefixes: [prefixes].flat().map(String) }),
      };
    })
    .filter((g) => g.actions.length > 0 && g.keys.length > 0);
}

/**
 * Builds amplify_outputs.json fixtures the way Amplify's generator writes them, so each fixture
 * says only what makes it different: its groups, models with their fields and rules, enums and
 * storage paths. Key order follows the generator's (discovery reads fields in schema order).
 */

export type FieldType = string | { readonly enum: string };

/** A field: its type alone (optional, one value), or with `required` / `list`. */
export type FieldSpec = FieldType | { readonly type: FieldType; readonly required?: boolean; readonly list?: boolean };

export type Operation = 'create' | 'read' | 'update' | 'delete';
const ALL: readonly Operation[] = ['create', 'update', 'delete', 'read'];

const timestamp = (name: string) => ({
  name,
  isArray: false,
  type: 'AWSDateTime',
  isRequired: false,
  isReadOnly: true,
});

function fieldOf(name: string, spec: FieldSpec): Record<string, unknown> {
  const { type, required = false, list = false } = typeof spec === 'object' && 'type' in spec ? spec : { type: spec };
  return { name, isArray: list, type, isRequired: required, ...(list ? { isArrayNullable: true } : {}) };
}

/** `allow.groups(groups).to(operations)`. */
export const groupsRule = (groups: readonly string[], operations: readonly Operation[]) => ({
  groupClaim: 'cognito:groups',
  provider: 'userPools',
  allow: 'groups',
  operations,
  groups,
});

/** `allow.owner()`. */
export const ownerRule = {
  provider: 'userPools',
  ownerField: 'owner',
  allow: 'owner',
  identityClaim: 'cognito:username',
  operations: ALL,
};

/** `allow.authenticated()` (`private`), `allow.custom()`, or `allow.publicApiKey()` for these operations. */
export const plainRule = (allow: 'private' | 'custom' | 'public', operations: readonly Operation[] = ALL) =>
  allow === 'public' ? { allow, provider: 'apiKey', operations } : { allow, operations };

/**
 * A model keyed by `id`, with `fields` between `id` and the timestamps, and its auth rules.
 * `keyAttribute`: the `key` attribute the local backend writes after `model`.
 */
export function modelOf(
  name: string,
  fields: Readonly<Record<string, FieldSpec>>,
  rules: readonly unknown[],
  { keyAttribute = false }: { keyAttribute?: boolean } = {},
): Record<string, unknown> {
  return {
    name,
    fields: {
      id: { name: 'id', isArray: false, type: 'ID', isRequired: true },
      ...Object.fromEntries(Object.entries(fields).map(([field, spec]) => [field, fieldOf(field, spec)])),
      createdAt: timestamp('createdAt'),
      updatedAt: timestamp('updatedAt'),
    },
    pluralName: `${name}s`,
    attributes: [
      { type: 'model', properties: {} },
      ...(keyAttribute ? [{ type: 'key', properties: { fields: ['id'] } }] : []),
      { type: 'auth', properties: { rules } },
    ],
    primaryKeyInfo: { isCustomPrimaryKey: false, primaryKeyFieldName: 'id', sortKeyFieldNames: [] },
  };
}

export interface OutputsSpec {
  readonly groups?: readonly string[];
  readonly models: readonly Record<string, unknown>[];
  readonly enums?: Readonly<Record<string, readonly string[]>>;
  /** The default bucket's name and its paths with each one's access; none: no storage. */
  readonly storage?: { readonly bucket: string; readonly paths: Readonly<Record<string, unknown>> };
}

/** The outputs of an app on the local backend's port, with these groups, models and storage. */
export function outputsOf({ groups = [], models, enums = {}, storage }: OutputsSpec): Record<string, unknown> {
  const region = 'us-east-1';
  return {
    version: '1.4',
    auth: {
      aws_region: region,
      user_pool_id: 'us-east-1_example',
      user_pool_client_id: 'client',
      groups: groups.map((group, precedence) => ({ [group]: { precedence } })),
    },
    data: {
      url: 'http://localhost:20005/graphql',
      aws_region: region,
      default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
      authorization_types: ['API_KEY', 'AWS_IAM'],
      model_introspection: {
        version: 1,
        models: Object.fromEntries(models.map((m) => [m['name'] as string, m])),
        enums: Object.fromEntries(Object.entries(enums).map(([name, values]) => [name, { name, values }])),
        nonModels: {},
      },
    },
    ...(storage
      ? {
          storage: {
            aws_region: region,
            bucket_name: storage.bucket,
            buckets: [{ name: storage.bucket, bucket_name: storage.bucket, aws_region: region, paths: storage.paths }],
          },
        }
      : {}),
  };
}

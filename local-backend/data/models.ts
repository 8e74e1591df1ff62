import { getNamedType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { ownerClaimsOf, type OwnerClaims } from './owner-claims.ts';
import type { AuthRule, IntrospectionModel, ModelIntrospection } from './schema-loader.ts';

// Defined apart, so schema-loader.ts can name it without importing this file (which imports it).
export type { AuthMode } from './auth-mode.ts';

export interface Model {
  name: string;
  /** Key fields: the partition key first, then sort keys. */
  keyFields: string[];
  rules: AuthRule[];
  /** Fields with their own @auth rules (field-level authorization). */
  fieldRules: Map<string, AuthRule[]>;
  /** Fields the server sets (createdAt, updatedAt) unless the client may. */
  timestamps: { createdAt: string | null; updatedAt: string | null };
  /** Secondary indexes with a query field (`.secondaryIndexes(...)`, @index). */
  indexes: ModelIndex[];
}

/** A global secondary index: its partition field, then its sort fields. */
export interface ModelIndex {
  name: string;
  queryField: string;
  partition: string;
  sortKeys: string[];
}

export type Operation =
  | { kind: 'get'; model: Model }
  | { kind: 'list'; model: Model; index?: ModelIndex }
  | { kind: 'create' | 'update' | 'delete'; model: Model }
  | { kind: 'subscribe'; model: Model; mutations: string[] };

/**
 * Models from the introspection, operations from the transformed schema: nothing hard-coded.
 * `modelSchema` (the @model/@auth schema) gives owner rules their identity claim, which the
 * introspection does not tell apart from the default.
 */
export function describeApi(schema: GraphQLSchema, introspection: ModelIntrospection, modelSchema?: string) {
  const claims = modelSchema ? ownerClaimsOf(modelSchema) : undefined;
  const models = new Map<string, Model>();
  for (const m of Object.values(introspection.models)) models.set(m.name, toModel(m, schema, claims));
  const operations = new Map<string, Operation>();
  const add = (
    root: GraphQLObjectType | null | undefined,
    fn: (f: GraphQLField<unknown, unknown>) => Operation | null,
  ) => {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const op = fn(field);
      if (op) operations.set(`${root!.name}.${field.name}`, op);
    }
  };
  add(schema.getQueryType(), (field) => {
    for (const model of models.values()) {
      const index = model.indexes.find((i) => i.queryField === field.name);
      if (index) return { kind: 'list', model, index };
    }
    const type = getNamedType(field.type);
    if (models.has(type.name)) return { kind: 'get', model: models.get(type.name)! };
    const items = isObjectType(type) ? type.getFields()['items'] : undefined;
    const itemType = items && getNamedType(items.type).name;
    if (itemType && models.has(itemType) && 'nextToken' in (type as GraphQLObjectType).getFields()) {
      return { kind: 'list', model: models.get(itemType)! };
    }
    return null;
  });
  add(schema.getMutationType(), (field) => {
    const model = models.get(getNamedType(field.type).name);
    const kind = field.name.match(/^(create|update|delete)/)?.[1] as 'create' | 'update' | 'delete' | undefined;
    return model && kind ? { kind, model } : null;
  });
  add(schema.getSubscriptionType(), (field) => {
    const model = models.get(getNamedType(field.type).name);
    const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
    const arg = directive?.arguments?.find((a) => a.name.value === 'mutations');
    const mutations =
      arg?.value.kind === 'ListValue' ? arg.value.values.map((v) => (v.kind === 'StringValue' ? v.value : '')) : [];
    return model && mutations.length ? { kind: 'subscribe', model, mutations } : null;
  });
  return { models, operations };
}

function toModel(m: IntrospectionModel, schema: GraphQLSchema, claims?: OwnerClaims): Model {
  const withClaims = (rules: AuthRule[], field?: string) =>
    claims ? rules.map((r) => (r.allow === 'owner' ? { ...r, identityClaim: claims.of(r, m.name, field) } : r)) : rules;
  const rules = withClaims(m.attributes.find((a) => a.type === 'auth')?.properties?.rules ?? []);
  const fieldRules = new Map<string, AuthRule[]>();
  for (const f of Object.values(m.fields)) {
    const r = f.attributes?.find((a) => a.type === 'auth')?.properties?.rules;
    if (r?.length) fieldRules.set(f.name, withClaims(r, f.name));
  }
  const modelAttr = m.attributes.find((a) => a.type === 'model')?.properties as
    | { timestamps?: { createdAt?: string | null; updatedAt?: string | null } | null }
    | undefined;
  const objectFields = (schema.getType(m.name) as GraphQLObjectType | undefined)?.getFields() ?? {};
  const ts = (name: 'createdAt' | 'updatedAt') => {
    const configured = modelAttr?.timestamps === null ? null : (modelAttr?.timestamps?.[name] ?? name);
    return configured && configured in objectFields ? configured : null;
  };
  return {
    name: m.name,
    keyFields: [m.primaryKeyInfo.primaryKeyFieldName, ...m.primaryKeyInfo.sortKeyFieldNames],
    rules,
    fieldRules,
    timestamps: { createdAt: ts('createdAt'), updatedAt: ts('updatedAt') },
    indexes: indexesOf(m),
  };
}

function indexesOf(m: IntrospectionModel): ModelIndex[] {
  const indexes: ModelIndex[] = [];
  for (const attr of m.attributes) {
    const p = attr.properties as { name?: string; queryField?: string; fields?: string[] } | undefined;
    if (attr.type !== 'key' || !p?.name || !p.queryField || !p.fields?.length) continue;
    const [partition, ...sortKeys] = p.fields;
    indexes.push({ name: p.name, queryField: p.queryField, partition: partition!, sortKeys });
  }
  return indexes;
}

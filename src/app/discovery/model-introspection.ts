/**
 * The parts of amplify_outputs.json `data.model_introspection` that discovery reads, typed, and
 * the few questions it asks of them. The shape is the one `ampx` (and the local backend) writes.
 */

/** A scalar type name (`String`, `ID`, `AWSDateTime`, …), an enum, or a link to another type. */
export type FieldType = string | { enum: string } | { model: string } | { nonModel: string };

export interface IntrospectedField {
  readonly name: string;
  readonly type: FieldType;
  readonly isArray: boolean;
  readonly isRequired: boolean;
  readonly isReadOnly?: boolean;
}

/** One rule of a model's `authorization((allow) => [...])`, as the introspection spells it. */
export interface AuthRule {
  readonly allow: string;
  readonly provider?: string;
  readonly operations?: readonly string[];
  readonly groups?: readonly string[];
  readonly groupsField?: string;
  readonly ownerField?: string;
  readonly identityClaim?: string;
}

export interface IntrospectedModel {
  readonly name: string;
  readonly pluralName?: string;
  readonly fields: Readonly<Record<string, IntrospectedField>>;
  readonly attributes?: readonly { readonly type: string; readonly properties?: Record<string, unknown> }[];
  readonly primaryKeyInfo?: { readonly primaryKeyFieldName: string; readonly sortKeyFieldNames?: readonly string[] };
}

export interface ModelIntrospection {
  readonly models: Readonly<Record<string, IntrospectedModel>>;
  readonly enums?: Readonly<Record<string, { readonly name: string; readonly values: readonly string[] }>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data.model_introspection` of an outputs object, or undefined when it has none (no Data backend). */
export function readIntrospection(outputs: unknown): ModelIntrospection | undefined {
  if (!isObject(outputs) || !isObject(outputs['data'])) return undefined;
  const introspection = outputs['data']['model_introspection'];
  if (!isObject(introspection) || !isObject(introspection['models'])) return undefined;
  return introspection as unknown as ModelIntrospection;
}

/** A human name for a field's type: `String`, `[String]`, `enum ProductCategory`, `Float`. */
export function typeName(field: IntrospectedField): string {
  const t = field.type;
  const base =
    typeof t === 'string' ? t : 'enum' in t ? `enum ${t.enum}` : 'model' in t ? `link to ${t.model}` : t.nonModel;
  return field.isArray ? `[${base}]` : base;
}

export function isStringField(field: IntrospectedField): boolean {
  return field.type === 'String';
}

/** Scalar types a table column can show; links to other models and JSON blobs are not columns. */
export function isScalarField(field: IntrospectedField): boolean {
  const t = field.type;
  if (typeof t !== 'string') return 'enum' in t;
  return t !== 'AWSJSON';
}

/** The model's authorization rules, or undefined when the introspection carries none for it. */
export function authRulesOf(model: IntrospectedModel): readonly AuthRule[] | undefined {
  const auth = model.attributes?.find((a) => a.type === 'auth');
  const rules = auth?.properties?.['rules'];
  return Array.isArray(rules) ? (rules as AuthRule[]) : undefined;
}

/** The fields of the primary key: `id` unless the model declares its own identifier. */
export function primaryKeyOf(model: IntrospectedModel): string[] {
  const info = model.primaryKeyInfo;
  if (!info) return model.fields['id'] ? ['id'] : [];
  return [info.primaryKeyFieldName, ...(info.sortKeyFieldNames ?? [])];
}

/** Fields that hold record owners (`owner` by default for allow.owner()). */
export function ownerFieldsOf(model: IntrospectedModel): string[] {
  return (authRulesOf(model) ?? []).filter((r) => r.allow === 'owner').map((r) => r.ownerField ?? 'owner');
}

import type { RecordFileField, StoredRecord } from '../attachments/record-file-field';
import type { DiscoveredFileField, DiscoveredModel } from '../discovery/discovery-result';
import {
  type IntrospectedField,
  type ModelIntrospection,
  isScalarField,
  ownerFieldsOf,
} from '../discovery/model-introspection';
import { fieldLimits } from './file-kind';

/** A record of any model: its id and version, and whatever fields the model has. */
export type AnyRecord = StoredRecord & { readonly createdAt?: string } & Readonly<Record<string, unknown>>;

/** How a scalar field is shown and entered. */
export type ScalarKind =
  | 'text'
  | 'id'
  | 'int'
  | 'float'
  | 'boolean'
  | 'enum'
  | 'date'
  | 'datetime'
  | 'time'
  | 'timestamp'
  | 'email'
  | 'url'
  | 'phone'
  | 'ip'
  | 'json';

export interface ScalarField {
  readonly name: string;
  /** `imageKeys` → “Image keys”. */
  readonly label: string;
  readonly kind: ScalarKind;
  readonly required: boolean;
  /** Set by the backend (createdAt, updatedAt, owner, keys): shown, never entered. */
  readonly readOnly: boolean;
  readonly enumValues?: readonly string[];
}

/** A file field the console manages (`managed`) or only shows (`unresolved`: its values lead to no stored object). */
export interface FileFieldView {
  readonly discovered: DiscoveredFileField;
  readonly label: string;
  readonly managed: boolean;
  /** The workflow's description of the field; its key template may still hold {entity_id}. */
  readonly field: RecordFileField<AnyRecord>;
}

/** One model as the generic screens use it: discovery's findings joined with the introspection's fields. */
export interface RecordModel {
  readonly name: string;
  readonly plural: string;
  readonly nameField: string;
  /** Scalar fields, in schema order (lists and links to other models left out). */
  readonly fields: readonly ScalarField[];
  /** The table's scalar columns. */
  readonly columns: readonly ScalarField[];
  /** What the create and edit dialogs ask for. */
  readonly editable: readonly ScalarField[];
  readonly fileFields: readonly FileFieldView[];
  /** Why records cannot be written here (a custom primary key), when they cannot. */
  readonly writeBlocked?: string;
}

const KINDS: Readonly<Record<string, ScalarKind>> = {
  String: 'text',
  ID: 'id',
  Int: 'int',
  Float: 'float',
  Boolean: 'boolean',
  AWSDate: 'date',
  AWSDateTime: 'datetime',
  AWSTime: 'time',
  AWSTimestamp: 'timestamp',
  AWSEmail: 'email',
  AWSURL: 'url',
  AWSPhone: 'phone',
  AWSIPAddress: 'ip',
  AWSJSON: 'json',
};

/** `imageKeys` → “Image keys”, `publishedOn` → “Published on”, `SKU` stays. */
export function labelOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim();
  return (
    words.charAt(0).toUpperCase() +
    words.slice(1).replace(/ ([A-Z])(?=[a-z])/g, (_, c: string) => ` ${c.toLowerCase()}`)
  );
}

function scalarOf(field: IntrospectedField, introspection: ModelIntrospection, readOnly: boolean): ScalarField | null {
  if (field.isArray) return null;
  const t = field.type;
  const base = { name: field.name, label: labelOf(field.name), required: field.isRequired, readOnly };
  if (typeof t === 'object') {
    if (!('enum' in t)) return null;
    return { ...base, kind: 'enum', enumValues: introspection.enums?.[t.enum]?.values ?? [] };
  }
  const kind = KINDS[t];
  return kind && (isScalarField(field) || kind === 'json') ? { ...base, kind } : null;
}

/** The console's description of a discovered model, or undefined when the introspection lacks it. */
export function recordModelOf(model: DiscoveredModel, introspection: ModelIntrospection): RecordModel | undefined {
  const definition = introspection.models[model.name];
  if (!definition) return undefined;
  const fileNames = new Set(model.fileFields.filter((f) => f.status !== 'ambiguous').map((f) => f.field));
  const fixed = new Set([...model.primaryKey, ...ownerFieldsOf(definition), 'createdAt', 'updatedAt']);
  const fields = Object.values(definition.fields)
    .filter((f) => !fileNames.has(f.name))
    .map((f) => scalarOf(f, introspection, !!f.isReadOnly || fixed.has(f.name)))
    .filter((f): f is ScalarField => f !== null);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const columns = model.columns.map((c) => byName.get(c)).filter((f): f is ScalarField => !!f);
  const fileFields = model.fileFields.filter((f) => f.status !== 'ambiguous').map((f) => fileFieldView(model, f));
  const customKey = model.primaryKey.length !== 1 || model.primaryKey[0] !== 'id';
  return {
    name: model.name,
    plural: model.pluralName,
    nameField: model.nameField,
    fields,
    columns,
    editable: fields.filter((f) => !f.readOnly),
    fileFields,
    ...(customKey
      ? {
          writeBlocked: `${model.name} is keyed by ${model.primaryKey.join(' + ')}, not id: the console shows it and does not change it.`,
        }
      : {}),
  };
}

function fileFieldView(model: DiscoveredModel, found: DiscoveredFileField): FileFieldView {
  const label = labelOf(found.field);
  const managed = found.status === 'confirmed' || found.status === 'likely';
  return {
    discovered: found,
    label,
    managed,
    field: {
      field: found.field,
      model: model.name,
      kind: found.kind,
      record: labelOf(model.name).toLowerCase(),
      file: 'file',
      name: (record) => displayName(record, model.nameField),
      screens: 'live',
      limits: fieldLimits(found.accept, found.maxBytes),
      ...(found.keyTemplate ? { keyTemplate: found.keyTemplate } : {}),
    },
  };
}

/** What names a record: its naming field, else its id. */
export function displayName(record: AnyRecord, nameField: string): string {
  const value = record[nameField];
  return value === null || value === undefined || value === '' ? record.id : String(value);
}

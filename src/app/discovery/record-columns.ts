import { isScalarField, isStringField, type IntrospectedModel } from './model-introspection';

/** Field names that usually name a record, best first. */
const NAMING_FIELDS = ['name', 'title', 'label', 'displayname', 'fullname', 'caption', 'subject', 'username', 'email'];
/** Most columns shown when console.config.json does not list them. */
export const MAX_COLUMNS = 6;

/**
 * The field that names a record in lists and dialogs: a field called name, title, label, … (in
 * that order), else the first required string, else the first string, else the primary key.
 * `exclude` holds the file fields and keys, which never name a record.
 */
export function namingField(
  model: IntrospectedModel,
  exclude: ReadonlySet<string>,
  primaryKey: readonly string[],
): string {
  const strings = Object.values(model.fields).filter(
    (f) => (isStringField(f) || f.type === 'AWSEmail') && !f.isArray && !exclude.has(f.name),
  );
  for (const wanted of NAMING_FIELDS) {
    const hit = strings.find((f) => f.name.toLowerCase() === wanted);
    if (hit) return hit.name;
  }
  return strings.find((f) => f.isRequired)?.name ?? strings[0]?.name ?? primaryKey[0] ?? 'id';
}

/**
 * The scalar columns of a model's table: the naming field first, then the other single-valued
 * scalars in schema order (string, number, boolean, enum, date/time), without keys, owners, file
 * fields or the read-only timestamps; at most MAX_COLUMNS.
 */
export function scalarColumns(model: IntrospectedModel, nameField: string, exclude: ReadonlySet<string>): string[] {
  const rest = Object.values(model.fields)
    .filter((f) => f.name !== nameField && !exclude.has(f.name) && !f.isArray && !f.isReadOnly && isScalarField(f))
    .map((f) => f.name);
  return [nameField, ...rest].slice(0, MAX_COLUMNS);
}

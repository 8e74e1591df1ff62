/** A record field that holds Storage paths: one path, or a list of them. */
export interface FileField {
  readonly model: string;
  readonly field: string;
  readonly kind: 'one' | 'many';
}

/**
 * Every file field the console manages, declared once. A new model with a file field is one line
 * here; the start-up check below makes sure the backend really has it.
 */
export const FILE_FIELDS: readonly FileField[] = [
  { model: 'Song', field: 'coverArtPath', kind: 'one' },
  { model: 'PhotoAlbum', field: 'imagePaths', kind: 'many' },
];

interface IntrospectedField {
  name?: string;
  type?: unknown;
  isArray?: boolean;
}

/**
 * Checks the declared file fields against `data.model_introspection` of amplify_outputs.json.
 * Returns what is wrong (for the start-up error page), or undefined when every field exists as a
 * string (`one`) or a list of strings (`many`).
 */
export function checkFileFields(
  outputs: Record<string, unknown>,
  fields: readonly FileField[] = FILE_FIELDS,
): string | undefined {
  const data = outputs['data'] as { model_introspection?: { models?: Record<string, unknown> } } | undefined;
  const models = data?.model_introspection?.models;
  if (!models || typeof models !== 'object') {
    return 'amplify_outputs.json has no data.model_introspection: the console needs the Data backend from this repository (amplify/data).';
  }
  const problems: string[] = [];
  for (const { model, field, kind } of fields) {
    const found = (models[model] as { fields?: Record<string, IntrospectedField> } | undefined)?.fields;
    if (!found) {
      problems.push(`the model ${model} is missing`);
      continue;
    }
    const f = found[field];
    const wanted = kind === 'one' ? 'a string' : 'a list of strings';
    if (!f) {
      problems.push(`${model} has no field ${field} (the console keeps ${wanted} of file paths there)`);
    } else if (f.type !== 'String' || Boolean(f.isArray) !== (kind === 'many')) {
      const actual = `${f.isArray ? 'a list of ' : ''}${typeof f.type === 'string' ? f.type : 'an object'}`;
      problems.push(`${model}.${field} is ${actual}, not ${wanted}`);
    }
  }
  if (problems.length === 0) return undefined;
  return (
    `The backend in amplify_outputs.json does not match the console's file fields: ${problems.join('; ')}. ` +
    'Deploy the backend from this repository (amplify/), or point the console at one that has these fields.'
  );
}

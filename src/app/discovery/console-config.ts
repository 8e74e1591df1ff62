import { readIntrospection, typeName, type ModelIntrospection } from './model-introspection';
import { pathOf, readStoragePaths, ENTITY_TOKEN, type StoragePath } from './storage-paths';

/** Where the console looks for its optional settings: beside amplify_outputs.json. */
export const CONSOLE_CONFIG_URL = 'console.config.json';

/** One file field as console.config.json settles it (docs/console-config.md). */
export interface FileFieldConfig {
  /** `one` for a String field, `many` for [String]; must match the schema when given. */
  readonly kind?: 'one' | 'many';
  /** MIME types or patterns (`image/*`, `application/pdf`) or extensions (`.pdf`). */
  readonly accept?: readonly string[];
  readonly maxBytes?: number;
  /** Where uploads go, e.g. `products/{id}/{uuid}-{name}`; must lie under a storage path. */
  readonly keyTemplate?: string;
}

export interface ModelConfig {
  /** Per field: its file settings, `true` (a file field, defaults for the rest) or `false` (not a file). */
  readonly files?: Readonly<Record<string, FileFieldConfig | boolean>>;
  /** The field whose value names a record in lists and dialogs. */
  readonly nameField?: string;
  /** The scalar columns of the model's table, in order. */
  readonly columns?: readonly string[];
}

export interface ConsoleConfig {
  readonly models?: Readonly<Record<string, ModelConfig>>;
}

/** Placeholders a key template may use. */
export const KEY_PLACEHOLDERS = ['id', 'uuid', 'name', 'ext', 'field', 'entity_id'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(where: string, value: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(value)
    .filter((k) => !known.includes(k))
    .map((k) => `${where}: unknown setting "${k}" (known: ${known.join(', ')}).`);
}

/**
 * Checks console.config.json against the backend it is meant for. Returns the config only when
 * nothing is wrong: a config with a mistake changes nothing, and every mistake is said, with
 * where it is (`models.Product.files.price`) and what would be right.
 */
export function validateConsoleConfig(raw: unknown, outputs: unknown): { config?: ConsoleConfig; problems: string[] } {
  const introspection = readIntrospection(outputs);
  const paths = readStoragePaths(outputs);
  if (!isObject(raw)) return { problems: [`${CONSOLE_CONFIG_URL} must hold a JSON object.`] };
  const problems = unknownKeys(CONSOLE_CONFIG_URL, raw, ['models']);
  const models = raw['models'];
  if (models !== undefined && !isObject(models)) problems.push(`${CONSOLE_CONFIG_URL}: "models" must be an object.`);
  for (const [model, settings] of Object.entries(isObject(models) ? models : {})) {
    problems.push(...checkModel(model, settings, introspection, paths));
  }
  return problems.length > 0 ? { problems } : { config: raw as ConsoleConfig, problems };
}

function checkModel(
  model: string,
  settings: unknown,
  introspection: ModelIntrospection | undefined,
  paths: readonly StoragePath[],
): string[] {
  const where = `${CONSOLE_CONFIG_URL}: models.${model}`;
  const definition = introspection?.models[model];
  if (!definition) {
    const known = Object.keys(introspection?.models ?? {});
    return [`${where}: there is no model ${model} in amplify_outputs.json (models: ${known.join(', ') || 'none'}).`];
  }
  if (!isObject(settings)) return [`${where} must be an object.`];
  const problems = unknownKeys(where, settings, ['files', 'nameField', 'columns']);
  const field = (name: unknown, at: string) => {
    if (typeof name !== 'string') return `${at} must be a field name (a string).`;
    return definition.fields[name] ? undefined : `${at}: ${model} has no field ${name}.`;
  };
  if (settings['nameField'] !== undefined) {
    const problem = field(settings['nameField'], `${where}.nameField`);
    if (problem) problems.push(problem);
  }
  const columns = settings['columns'];
  if (columns !== undefined) {
    if (!Array.isArray(columns)) problems.push(`${where}.columns must be a list of field names.`);
    else
      columns.forEach((c, i) => problems.push(...[field(c, `${where}.columns[${i}]`)].filter((p) => p !== undefined)));
  }
  const files = settings['files'];
  if (files !== undefined && !isObject(files)) problems.push(`${where}.files must be an object of field names.`);
  for (const [name, file] of Object.entries(isObject(files) ? files : {})) {
    const at = `${where}.files.${name}`;
    const f = definition.fields[name];
    if (!f) problems.push(`${at}: ${model} has no field ${name}.`);
    else if (f.type !== 'String' && file !== false)
      problems.push(
        `${at}: ${model}.${name} is ${typeName(f)}, not String or [String]: only text fields can hold file paths.`,
      );
    else problems.push(...checkFile(at, file, f.isArray, paths));
  }
  return problems;
}

function checkFile(at: string, file: unknown, isArray: boolean, paths: readonly StoragePath[]): string[] {
  if (typeof file === 'boolean') return [];
  if (!isObject(file)) return [`${at} must be true, false or an object of settings.`];
  const problems = unknownKeys(at, file, ['kind', 'accept', 'maxBytes', 'keyTemplate']);
  const { kind, accept, maxBytes, keyTemplate } = file;
  if (kind !== undefined && kind !== 'one' && kind !== 'many') problems.push(`${at}.kind must be "one" or "many".`);
  else if (kind !== undefined && (kind === 'many') !== isArray) {
    const actual = isArray ? 'a list of strings ([String]): use "many"' : 'a single String: use "one"';
    problems.push(`${at}.kind is "${kind}", but the field is ${actual}.`);
  }
  if (accept !== undefined && (!Array.isArray(accept) || !accept.every(isAcceptEntry))) {
    problems.push(`${at}.accept must be a list of MIME types (image/png, image/*) or extensions (.pdf).`);
  }
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && (maxBytes as number) > 0)) {
    problems.push(`${at}.maxBytes must be a whole number of bytes above 0.`);
  }
  if (keyTemplate !== undefined) problems.push(...checkTemplate(`${at}.keyTemplate`, keyTemplate, paths));
  return problems;
}

function isAcceptEntry(value: unknown): boolean {
  return typeof value === 'string' && (/^[a-z]+\/([a-z0-9.+-]+|\*)$/i.test(value) || /^\.[a-z0-9]+$/i.test(value));
}

/** A key template must land under a storage path, in the owner's folder for owner paths, and be unique per upload. */
function checkTemplate(at: string, template: unknown, paths: readonly StoragePath[]): string[] {
  if (typeof template !== 'string' || template === '')
    return [`${at} must be a text like products/{id}/{uuid}-{name}.`];
  const problems: string[] = [];
  for (const [, name] of template.matchAll(/\{([^}]*)\}/g)) {
    if (!(KEY_PLACEHOLDERS as readonly string[]).includes(name ?? '')) {
      problems.push(
        `${at}: unknown placeholder {${name}} (known: ${KEY_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}).`,
      );
    }
  }
  if (!template.includes('{uuid}')) {
    problems.push(`${at} needs {uuid}: without it a second upload of the same name would overwrite the first.`);
  }
  const sample = template.replaceAll(ENTITY_TOKEN, 'ENTITY').replace(/\{[^}]*\}/g, 'x');
  const path = pathOf(sample, paths);
  if (!path) {
    const known = paths.map((p) => p.pattern).join(', ') || 'none';
    problems.push(`${at}: "${template}" lies under no storage path (paths: ${known}).`);
  } else if (path.ownerScoped && !template.startsWith(`${path.prefix}${ENTITY_TOKEN}/`)) {
    problems.push(
      `${at}: files under ${path.pattern} go in their owner's folder: start the template with ${path.prefix}${ENTITY_TOKEN}/.`,
    );
  }
  return problems;
}

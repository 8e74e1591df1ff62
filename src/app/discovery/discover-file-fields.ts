import { validateConsoleConfig, type FileFieldConfig, type ModelConfig } from './console-config';
import type { DiscoveredFileField, DiscoveredModel, Discovery, DiscoveryProblem } from './discovery-result';
import { PLAUSIBLE_RESOLVED_SHARE } from './discovery-result';
import { nameHint, pathsByName, sampleValues, valuesOf, type SampledValues } from './field-evidence';
import { defaultKeyTemplate, inferKeyTemplate } from './key-template';
import { ownerFieldsOf, primaryKeyOf, readIntrospection, type IntrospectedModel } from './model-introspection';
import { namingField, scalarColumns } from './record-columns';
import { pathOf, readStoragePaths, type StoragePath } from './storage-paths';
import { fileFieldProblems } from './file-field-problems';

/** A few records per model, as the caller fetched them (any fields; file fields matter). */
export type RecordSample = Readonly<Record<string, readonly Record<string, unknown>[]>>;

/**
 * Finds the file fields of every model of a Gen 2 backend from its amplify_outputs.json: String
 * and [String] fields whose names, sampled values and the storage paths agree, settled by an
 * optional console.config.json (`config`, as parsed JSON; one with mistakes is reported and not
 * applied). Also picks each model's naming field and columns, and lists what is ambiguous or
 * wrong with how to settle it.
 */
export function discoverFileFields(outputs: unknown, sample: RecordSample = {}, config?: unknown): Discovery {
  const introspection = readIntrospection(outputs);
  const storagePaths = readStoragePaths(outputs);
  const problems: DiscoveryProblem[] = [];
  let configApplied = false;
  let modelConfigs: Readonly<Record<string, ModelConfig>> = {};
  if (config !== undefined) {
    const checked = validateConsoleConfig(config, outputs);
    problems.push(...checked.problems.map((message) => ({ kind: 'config' as const, message })));
    if (checked.config) {
      configApplied = true;
      modelConfigs = checked.config.models ?? {};
    }
  }
  if (!introspection) {
    const message = 'amplify_outputs.json has no data.model_introspection: there are no models to look at.';
    problems.push({ kind: 'no-data', message, fix: 'Deploy a backend with defineData (amplify/data).' });
    return { models: [], storagePaths, problems, configApplied, summary: 'No Data backend: nothing to discover.' };
  }
  const models = Object.values(introspection.models).map((model) => {
    const found = discoverModel(model, storagePaths, sample[model.name] ?? [], modelConfigs[model.name] ?? {});
    problems.push(...found.problems);
    return found.model;
  });
  const fileFields = models.flatMap((m) => m.fileFields);
  if (storagePaths.length === 0) {
    problems.push({
      kind: 'no-storage',
      message:
        'amplify_outputs.json declares no storage paths (storage.buckets[].paths), so no field can point at stored files.',
      fix: 'If the app stores files, deploy its defineStorage with access rules and point the console at the new outputs.',
    });
  }
  if (fileFields.length === 0) {
    problems.push({
      kind: 'no-file-fields',
      message: `No file fields: no String field of ${models.map((m) => m.name).join(', ') || 'any model'} holds, or is named like, storage paths.`,
    });
  }
  return { models, storagePaths, problems, configApplied, summary: summaryOf(models) };
}

function summaryOf(models: readonly DiscoveredModel[]): string {
  const fields = models.flatMap((m) => m.fileFields);
  const count = (status: string) => fields.filter((f) => f.status === status).length;
  const usable = count('confirmed') + count('likely');
  const open = [
    count('ambiguous') ? `${count('ambiguous')} ambiguous` : '',
    count('unresolved') ? `${count('unresolved')} unresolved` : '',
  ].filter(Boolean);
  const models_ = `${models.length} model${models.length === 1 ? '' : 's'}`;
  return `${models_}, ${usable} file field${usable === 1 ? '' : 's'}${open.length ? ` (and ${open.join(', ')})` : ''}.`;
}

function discoverModel(
  model: IntrospectedModel,
  paths: readonly StoragePath[],
  records: readonly Record<string, unknown>[],
  config: ModelConfig,
): { model: DiscoveredModel; problems: DiscoveryProblem[] } {
  const primaryKey = primaryKeyOf(model);
  const skip = new Set([...primaryKey, ...ownerFieldsOf(model)]);
  const fileFields: DiscoveredFileField[] = [];
  const problems: DiscoveryProblem[] = [];
  for (const field of Object.values(model.fields)) {
    if (field.type !== 'String' || field.isReadOnly || skip.has(field.name)) continue;
    const setting = config.files?.[field.name];
    if (setting === false) continue;
    const values = sampleValues(valuesOf(records, field.name), paths);
    const fileConfig = setting === undefined ? undefined : setting === true ? {} : setting;
    const judged = judgeField(model.name, field.name, field.isArray, values, paths, fileConfig);
    if (!judged) continue;
    const template = keyTemplateOf(judged, fileConfig, records, primaryKey[0] ?? 'id', paths);
    const fileField = { ...judged, ...template };
    fileFields.push(fileField);
    problems.push(...fileFieldProblems(fileField, values, paths));
  }
  const files = new Set(fileFields.map((f) => f.field));
  const exclude = new Set([...skip, ...files]);
  const nameField = config.nameField ?? namingField(model, exclude, primaryKey);
  const discovered: DiscoveredModel = {
    name: model.name,
    pluralName: model.pluralName ?? `${model.name}s`,
    primaryKey,
    nameField,
    columns: config.columns ?? scalarColumns(model, nameField, exclude),
    fileFields,
  };
  return { model: discovered, problems };
}

/** Whether a String field is a file field, how sure the console is, and why; undefined when it is not one. */
function judgeField(
  model: string,
  field: string,
  isArray: boolean,
  values: SampledValues,
  paths: readonly StoragePath[],
  config: FileFieldConfig | undefined,
): Omit<DiscoveredFileField, 'keyTemplate' | 'keyTemplateSource'> | undefined {
  const hint = nameHint(field);
  const evidence: string[] = [];
  if (config) evidence.push('confirmed by console.config.json');
  if (hint === 'file') evidence.push(`a ${isArray ? '[String]' : 'String'} field named like a file (${field})`);
  if (hint === 'maybe')
    evidence.push(`a ${isArray ? '[String]' : 'String'} field whose name may mean a file or not (${field})`);
  if (values.paths.length > 0) {
    const prefixes = values.paths.map((p) => `\`${paths.find((s) => s.pattern === p)?.prefix ?? p}\``).join(', ');
    evidence.push(`${values.kinds.path} of ${values.count} sampled values start with ${prefixes}`);
  }
  const unresolved = values.count > 0 && values.resolvedShare < PLAUSIBLE_RESOLVED_SHARE;
  const looksLikeFiles = values.kinds['file-name'] + values.kinds['relative-key'] + values.kinds.path;
  let status: DiscoveredFileField['status'];
  if (values.count > 0 && !config) {
    if (values.kinds.path === 0 && looksLikeFiles === 0) return undefined; // web addresses or plain text
    if (values.kinds.path === 0 && hint === 'none') return undefined;
    status = unresolved ? 'unresolved' : 'likely';
  } else if (config) {
    status = unresolved ? 'unresolved' : 'confirmed';
  } else if (hint === 'none' || paths.length === 0) {
    return undefined;
  } else {
    status = hint === 'file' ? 'likely' : 'ambiguous';
  }
  let fieldPaths = values.paths;
  const templatePath = config?.keyTemplate ? pathOf(config.keyTemplate.replace(/\{[^}]*\}/g, 'x'), paths) : undefined;
  if (templatePath && !fieldPaths.includes(templatePath.pattern)) fieldPaths = [...fieldPaths, templatePath.pattern];
  if (fieldPaths.length === 0) {
    const byName = pathsByName(model, field, paths);
    if (byName) {
      fieldPaths = byName.paths.map((p) => p.pattern);
      evidence.push(byName.evidence);
    } else if (status === 'likely') {
      status = 'ambiguous';
    }
  }
  return {
    model,
    field,
    kind: isArray ? 'many' : 'one',
    status,
    paths: fieldPaths,
    ...(config?.accept ? { accept: config.accept } : {}),
    ...(config?.maxBytes ? { maxBytes: config.maxBytes } : {}),
    evidence,
    sampled: { values: values.count, resolved: values.kinds.path },
  };
}

function keyTemplateOf(
  field: Pick<DiscoveredFileField, 'field' | 'paths'>,
  config: FileFieldConfig | undefined,
  records: readonly Record<string, unknown>[],
  idField: string,
  paths: readonly StoragePath[],
): Pick<DiscoveredFileField, 'keyTemplate' | 'keyTemplateSource'> {
  if (config?.keyTemplate) return { keyTemplate: config.keyTemplate, keyTemplateSource: 'config' };
  const sampled = inferKeyTemplate(records, idField, field.field, paths);
  if (sampled) return { keyTemplate: sampled, keyTemplateSource: 'sampled' };
  const path = paths.find((p) => p.pattern === field.paths[0]);
  return path ? { keyTemplate: defaultKeyTemplate(path), keyTemplateSource: 'default' } : {};
}

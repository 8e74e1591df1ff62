import type { DiscoveredFileField, DiscoveryProblem } from './discovery-result';
import type { SampledValues } from './field-evidence';
import type { StoragePath } from './storage-paths';

/** A console.config.json fragment for one field, pretty-printed as it would sit in the file. */
export function configSnippet(model: string, field: string, setting: unknown): string {
  return JSON.stringify({ models: { [model]: { files: { [field]: setting } } } }, null, 2);
}

const quote = (values: readonly string[] | undefined) => (values ?? []).map((v) => `"${v}"`).join(', ');

/** What is open about one discovered file field, each with how to settle it. */
export function fileFieldProblems(
  field: DiscoveredFileField,
  values: SampledValues,
  paths: readonly StoragePath[],
): DiscoveryProblem[] {
  const { model, field: name } = field;
  const at = { model, field: name };
  const problems: DiscoveryProblem[] = [];
  const owned = paths.filter((p) => p.ownerScoped && field.paths.includes(p.pattern));
  const ownerHint = paths.find((p) => p.ownerScoped);
  if (field.status === 'unresolved') {
    const names = values.kinds['file-name'];
    const relative = values.kinds['relative-key'];
    const what =
      names >= relative
        ? `file names, not storage paths (${names} of ${values.count} sampled values, e.g. ${quote(values.examples['file-name'])})`
        : `keys that lie under no storage path (${relative} of ${values.count} sampled values, e.g. ${quote(values.examples['relative-key'])})`;
    const where = ownerHint
      ? ` The files are probably in per-user folders (${ownerHint.pattern}), so the record alone does not say whose folder.`
      : '';
    problems.push({
      kind: 'unresolved',
      ...at,
      message:
        `${model}.${name} holds ${what}.${where} The console shows these values as "not a storage path" and never ` +
        'fetches them, and the orphan clean-up will not run while this field is unresolved: every file it refers to would look orphaned.',
      fix:
        'Store the `path` that uploadData returns (the full key, e.g. ' +
        `${ownerHint ? `${ownerHint.prefix}<identity id>/` : `${paths[0]?.prefix ?? 'media/'}`}photo.jpg) in the record instead of the name, and rewrite the existing records the same way.`,
    });
  }
  if (field.status === 'ambiguous') {
    const template = field.keyTemplate ?? `${paths[0]?.prefix ?? 'files/'}{id}/{uuid}-{name}`;
    problems.push({
      kind: 'ambiguous',
      ...at,
      message: `${model}.${name} may hold file paths, but nothing confirms it (${field.evidence.join('; ')}).`,
      fix: `Say which in console.config.json: an object (or true) if it holds storage paths, false if it does not.`,
      snippet: configSnippet(model, name, { keyTemplate: template }),
    });
  }
  for (const path of owned) {
    problems.push({
      kind: 'owner-scoped',
      ...at,
      message:
        `${model}.${name} files live in per-user folders (${path.pattern}): each user reaches their own folder, and a ` +
        `group sees everyone's only with a rule of its own on that path.`,
      fix: `Add allow.groups(['<admin group>']).to(['read', 'delete']) on '${path.pattern}' in amplify/storage/resource.ts for the group that looks after files (the page says whether yours has it).`,
    });
  }
  if (field.paths.length === 0 && field.status !== 'unresolved') {
    problems.push({
      kind: 'no-path',
      ...at,
      message: `${model}.${name} looks like a file field, but no storage path matches it (paths: ${paths.map((p) => p.pattern).join(', ') || 'none'}).`,
      fix: `Give its key template in console.config.json.`,
      snippet: configSnippet(model, name, { keyTemplate: `${paths[0]?.prefix ?? 'files/'}{id}/{uuid}-{name}` }),
    });
  }
  return problems;
}

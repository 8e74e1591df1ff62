import { classifyValue, pathOf, type StoragePath, type ValueKind } from './storage-paths';

/** Names that say "a stored file": *Path, *Key, *Image*, *File*, *Photo*, avatar, attachment, … */
const FILE_NAME_WORDS =
  /(path|paths|key|keys)$|image|img|file|photo|picture|avatar|attachment|cover|thumbnail|document|manual|pdf|video|audio/i;
/** Names that might be a stored file or might be something else entirely: a web link, an icon name. */
const MAYBE_FILE_WORDS = /url|uri|link|icon|logo|media|src|asset|doc/i;

export type NameHint = 'file' | 'maybe' | 'none';

export function nameHint(field: string): NameHint {
  if (FILE_NAME_WORDS.test(field) && !/^(id|key)$/i.test(field)) return 'file';
  return MAYBE_FILE_WORDS.test(field) ? 'maybe' : 'none';
}

/** The sampled values of one field: how many of each kind, the storage paths they fall under, a few examples. */
export interface SampledValues {
  readonly count: number;
  readonly kinds: Readonly<Record<ValueKind, number>>;
  /** Patterns of the storage paths the values lie under. */
  readonly paths: readonly string[];
  /** Up to three values per kind, to quote in messages. */
  readonly examples: Readonly<Partial<Record<ValueKind, readonly string[]>>>;
  /** Share of values under a storage path (1 when nothing was sampled). */
  readonly resolvedShare: number;
}

/** Every non-empty string of a field across the sampled records (list fields flattened). */
export function valuesOf(records: readonly Record<string, unknown>[], field: string): string[] {
  return records
    .flatMap((r) => (Array.isArray(r[field]) ? (r[field] as unknown[]) : [r[field]]))
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

export function sampleValues(values: readonly string[], paths: readonly StoragePath[]): SampledValues {
  const kinds: Record<ValueKind, number> = { path: 0, url: 0, 'file-name': 0, 'relative-key': 0, other: 0 };
  const examples: Partial<Record<ValueKind, string[]>> = {};
  const under = new Set<string>();
  for (const value of values) {
    const kind = classifyValue(value, paths);
    kinds[kind]++;
    const list = (examples[kind] ??= []);
    if (list.length < 3) list.push(value);
    if (kind === 'path') under.add(pathOf(value, paths)?.pattern ?? '');
  }
  const resolvedShare = values.length === 0 ? 1 : kinds.path / values.length;
  return { count: values.length, kinds, paths: [...under], examples, resolvedShare };
}

/** `manualPath` → `manual`, `imageKeys` → `image`, `avatar_url` → `avatar`: the word a folder might be named after. */
function stemOf(name: string): string {
  return name
    .replace(/[_-]/g, '')
    .replace(/(Paths?|Keys?|Urls?|Files?|Ids?)$/i, '')
    .toLowerCase();
}

function singular(word: string): string {
  return word
    .toLowerCase()
    .replace(/(ies)$/, 'y')
    .replace(/s$/, '');
}

/**
 * Storage paths a field's name or model points at, with why: the path's first folder is the field's
 * stem (`manuals/*` for `manualPath`) or the model's name (`products/*` for Product), or it is the
 * only path there is.
 */
export function pathsByName(
  model: string,
  field: string,
  paths: readonly StoragePath[],
): { paths: StoragePath[]; evidence: string } | undefined {
  const folder = (p: StoragePath) => singular(p.prefix.split('/')[0] ?? '');
  const stem = singular(stemOf(field));
  const byField = paths.filter((p) => stem.length > 2 && (folder(p) === stem || folder(p).startsWith(stem)));
  if (byField.length > 0) {
    return { paths: byField, evidence: `the storage path ${byField[0]?.pattern} is named like the field` };
  }
  const byModel = paths.filter((p) => folder(p) === singular(model));
  if (byModel.length > 0) {
    return { paths: byModel, evidence: `the storage path ${byModel[0]?.pattern} is named after the model` };
  }
  if (paths.length === 1 && paths[0]) {
    return { paths: [paths[0]], evidence: `${paths[0].pattern} is the only storage path` };
  }
  return undefined;
}

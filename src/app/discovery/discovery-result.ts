import type { StoragePath } from './storage-paths';

/**
 * `confirmed`: console.config.json says so. `likely`: the name, the storage paths and any sampled
 * values agree. `ambiguous`: it may be a file field; nothing settles it. `unresolved`: a file field
 * whose values do not lead to stored objects (file names, relative keys): never fetched, and the
 * orphan clean-up refuses to run while one exists.
 */
export type FileFieldStatus = 'confirmed' | 'likely' | 'ambiguous' | 'unresolved';

export interface DiscoveredFileField {
  readonly model: string;
  readonly field: string;
  readonly kind: 'one' | 'many';
  readonly status: FileFieldStatus;
  /** Patterns of the storage paths its files lie under (`images/*`, `media/{entity_id}/*`). */
  readonly paths: readonly string[];
  /** Where uploads go: `products/{id}/{uuid}-{name}`. */
  readonly keyTemplate?: string;
  readonly keyTemplateSource?: 'config' | 'sampled' | 'default';
  readonly accept?: readonly string[];
  readonly maxBytes?: number;
  /** Why the console thinks so, in words. */
  readonly evidence: readonly string[];
  /** Sampled values, and how many of them lie under a storage path. */
  readonly sampled: { readonly values: number; readonly resolved: number };
}

export interface DiscoveredModel {
  readonly name: string;
  readonly pluralName: string;
  readonly primaryKey: readonly string[];
  /** The field whose value names a record. */
  readonly nameField: string;
  /** The scalar columns of its table, in order (file fields are columns of their own). */
  readonly columns: readonly string[];
  readonly fileFields: readonly DiscoveredFileField[];
}

export type ProblemKind =
  | 'config'
  | 'ambiguous'
  | 'unresolved'
  | 'owner-scoped'
  | 'no-path'
  | 'no-data'
  | 'no-storage'
  | 'no-file-fields'
  /** What the signed-in user's groups cannot reach, and the rule that would let them. */
  | 'access';

export interface DiscoveryProblem {
  readonly kind: ProblemKind;
  readonly model?: string;
  readonly field?: string;
  readonly message: string;
  /** How to settle it. */
  readonly fix?: string;
  /** A console.config.json fragment that settles it, when one does. */
  readonly snippet?: string;
}

export interface Discovery {
  readonly models: readonly DiscoveredModel[];
  readonly storagePaths: readonly StoragePath[];
  readonly problems: readonly DiscoveryProblem[];
  /** Whether a console.config.json was given and applied (a config with mistakes is not). */
  readonly configApplied: boolean;
  /** One plain sentence: what was found. */
  readonly summary: string;
}

/** Below this share of sampled values under a storage path, a file field is unresolved. */
export const PLAUSIBLE_RESOLVED_SHARE = 0.9;

/**
 * Why the orphan clean-up must not run on this discovery: a file field whose values do not lead to
 * stored objects, or one not yet settled, would make nearly every file look orphaned, and
 * cleaning that up deletes files that are in use. Empty when it may run.
 */
export function cleanupBlockers(discovery: Discovery): string[] {
  return discovery.models
    .flatMap((m) => m.fileFields)
    .filter((f) => f.status === 'unresolved' || f.status === 'ambiguous')
    .map((f) =>
      f.status === 'unresolved'
        ? `${f.model}.${f.field}: ${f.sampled.values - f.sampled.resolved} of ${f.sampled.values} sampled values are not storage paths, so files it refers to would look orphaned.`
        : `${f.model}.${f.field} may hold file paths and is not settled: confirm or rule it out in console.config.json.`,
    );
}

/** The file fields the console may fetch from and manage (confirmed or likely). */
export function usableFileFields(discovery: Discovery): DiscoveredFileField[] {
  return discovery.models.flatMap((m) => m.fileFields).filter((f) => f.status === 'confirmed' || f.status === 'likely');
}

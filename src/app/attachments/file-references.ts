import { InjectionToken } from '@angular/core';
import type { FileField } from './file-fields';
import { BatchedReferenceCheck, REFERENCE_BATCH, type RoundTiming } from './reference-check';

/** A file field as the shared-file check reads it, with the field that names its records. */
export interface ReferenceField extends FileField {
  /** What names a record in messages (`name`, `title`); none: its id does. */
  readonly nameField?: string;
  /** How the signed-in user reads the model (its rules' auth mode); none: the Data client's default. */
  readonly authMode?: 'userPool' | 'apiKey' | 'identityPool';
}

/** A record that references a path now, as the check found it. */
export interface Referrer {
  readonly model: string;
  readonly field: string;
  readonly id: string;
  readonly name?: string;
  /** Every path the field holds (the check keeps records holding one it asked about). */
  readonly paths: readonly string[];
}

/**
 * Every record of one field that holds any of the paths now: one filtered list of the model
 * (`or` of `eq`, or of `contains` for a list), following its pages. Fails when it cannot tell.
 */
export type ReferenceLookup = (field: ReferenceField, paths: readonly string[]) => Promise<readonly Referrer[]>;

/**
 * "Does any record, of any model with file fields, reference this path now?" Asked right before a
 * file is deleted; the answer comes from the backend, read after the question was asked.
 */
export interface FileReferences {
  /** The first record (in field order) that references the path now, or null. Fails when it cannot tell. */
  usedBy(path: string): Promise<Referrer | null>;
}

/**
 * The shared-file check the attachment engine runs before it deletes a file a record stopped
 * pointing at. The app provides it (provideFileReferences); without it the engine deletes
 * without asking, which only specs that do not look at sharing rely on.
 */
export const FILE_REFERENCES = new InjectionToken<FileReferences>('FileReferences');

/**
 * Rounds for deletes that do not announce themselves (workflow steps): a round starts 10 ms after
 * the last question, so a single delete waits little and the items of a bulk job running side by
 * side share one pass per field.
 */
export const DELETE_ROUNDS: RoundTiming = { collectMs: 100, quietMs: 10 };

/**
 * FileReferences over a lookup: questions asked close together share one lookup per field and
 * batch of paths (BatchedReferenceCheck), across every field `fields` gives at that moment.
 */
export class SharedFileCheck implements FileReferences {
  private readonly check: BatchedReferenceCheck<Referrer>;

  constructor(
    private readonly lookup: ReferenceLookup,
    private readonly fields: () => Promise<readonly ReferenceField[]>,
    timing: RoundTiming = DELETE_ROUNDS,
    batchSize = REFERENCE_BATCH,
  ) {
    this.check = new BatchedReferenceCheck((paths) => this.pass(paths), timing, batchSize);
  }

  usedBy(path: string): Promise<Referrer | null> {
    return this.check.referencing(path);
  }

  private async pass(paths: readonly string[]): Promise<ReadonlyMap<string, Referrer>> {
    const fields = await this.fields();
    const byField = await Promise.all(fields.map((f) => this.lookup(f, paths)));
    const first = new Map<string, Referrer>();
    for (const records of byField) for (const r of records) for (const p of r.paths) if (!first.has(p)) first.set(p, r);
    return first;
  }
}

/** “photo album”: a model's name as words in a sentence. */
export function modelWords(model: string): string {
  return model
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/** “photo album “Summer” (PhotoAlbum.imagePaths)”: a referrer as messages name it. */
export function describeReferrer(r: Referrer): string {
  const name = r.name?.trim() ? `“${r.name.trim()}”` : `with id ${r.id}`;
  return `${modelWords(r.model)} ${name} (${r.model}.${r.field})`;
}

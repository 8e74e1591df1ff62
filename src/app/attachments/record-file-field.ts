import type { AttachmentLimits } from './file-validation';

/** A record as the workflows need it: an id, and the version the operator saw. */
export interface StoredRecord {
  readonly id: string;
  readonly updatedAt: string;
}

/**
 * Most files one list field may hold. The whole list lives in one DynamoDB item, which can be at
 * most 400 KB, and every change rewrites it: 500 paths of at most ~480 bytes each stay far below.
 */
export const DEFAULT_MAX_FILES = 500;

/**
 * One model's file field as the record-and-file workflow sees it: where the paths live, one or
 * many, how records and files are called in messages, and what the field accepts. Nothing here
 * names a model: the console's own models and discovered ones are described the same way.
 */
export interface RecordFileField<T extends StoredRecord> {
  /** The field holding the path (`one`, a string or null) or the paths (`many`, a list of strings). */
  readonly field: string;
  readonly kind: 'one' | 'many';
  /** The model's name in the schema (Song), for the audit trail. */
  readonly model?: string;
  /** What a record is called in messages: 'song', 'album', 'record'. */
  readonly record: string;
  /** What one file of the field is called in messages: 'cover', 'image', 'file'. */
  readonly file: string;
  /** The record as the operator knows it (its name field). */
  readonly name: (record: T) => string;
  /**
   * How the screens show a record: a `snapshot` the operator reloads by hand, or `live`, following
   * the live list. It decides what a conflict message tells the operator to do.
   */
  readonly screens: 'snapshot' | 'live';
  /** Accepted types and largest size of one file (default: the engine's limits). */
  readonly limits?: AttachmentLimits;
  /** Where uploads go (default DEFAULT_KEY_TEMPLATE, key-template.ts). */
  readonly keyTemplate?: string;
  /** `many` only: most files the list may hold (default DEFAULT_MAX_FILES). */
  readonly maxFiles?: number;
}

/** The paths a record holds in the field, in order; null, empty and non-string entries are none. */
export function pathsOf<T extends StoredRecord>(field: RecordFileField<T>, record: T): readonly string[] {
  const value = (record as unknown as Record<string, unknown>)[field.field];
  const all = Array.isArray(value) ? (value as unknown[]) : [value];
  return all.filter((p): p is string => typeof p === 'string' && p !== '');
}

/** What the field is written as for these paths: a path or null (`one`), a list (`many`). */
export function fieldValue<T extends StoredRecord>(
  field: RecordFileField<T>,
  paths: readonly string[],
): string | null | readonly string[] {
  if (field.kind === 'many') return paths;
  if (paths.length > 1) throw new Error(`${field.field} holds one file, not ${paths.length}`);
  return paths[0] ?? null;
}

/** “name”, as messages quote a record. */
export function quoted<T extends StoredRecord>(field: RecordFileField<T>, record: T): string {
  return `“${field.name(record)}”`;
}

/** “3 images”, “1 cover”. */
export function countOf<T extends StoredRecord>(field: RecordFileField<T>, n: number): string {
  return `${n.toLocaleString('en')} ${n === 1 ? field.file : `${field.file}s`}`;
}

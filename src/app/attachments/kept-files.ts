import type { AttachmentError } from './attachment-error';
import { type Referrer, describeReferrer } from './file-references';
import { type RecordFileField, type StoredRecord, pathsOf, quoted } from './record-file-field';
import { fileNameOf } from '../shared/format/file-format';

/**
 * A file a workflow was to delete and kept: another record uses it (`usedBy`), or whether one
 * does could not be told (`unchecked`, the error of the check). Kept is an orphan at worst.
 */
export type KeptFile =
  | { readonly path: string; readonly usedBy: Referrer }
  | { readonly path: string; readonly unchecked: AttachmentError };

/** What a delete of a record left of its files: those kept (none when every file went or none was to go). */
export interface FilesKept {
  readonly kept: readonly KeptFile[];
}

const keptBy = new WeakMap<object, readonly KeptFile[]>();

/**
 * Marks a workflow's result (the record as written) with the files it kept, so the screen that
 * ran it can say so while the result keeps its type. Returns the same object.
 */
export function withKept<V extends object>(value: V, kept: readonly KeptFile[]): V {
  if (kept.length) keptBy.set(value, kept);
  return value;
}

/** The files a workflow's result says were kept (none for anything else). */
export function keptFilesOf(result: unknown): readonly KeptFile[] {
  if (typeof result !== 'object' || result === null) return [];
  const marked = keptBy.get(result);
  if (marked) return marked;
  const kept = (result as Partial<FilesKept>).kept;
  return Array.isArray(kept) ? kept : [];
}

/** Why one file was kept, after its name: “is also used by …”, “could not be checked …”. */
export function whyKept(file: KeptFile): string {
  return 'usedBy' in file
    ? `is also used by ${describeReferrer(file.usedBy)}`
    : `could not be checked for other records using it (${file.unchecked.message.replace(/\.$/, '')})`;
}

/**
 * One sentence for the operator: which of `record`'s files were kept and why.
 * “Its cover file “a.png” was kept: it is also used by photo album “Summer” (PhotoAlbum.imagePaths).”
 * Empty when nothing was kept.
 */
export function keptSentence<T extends StoredRecord>(
  field: RecordFileField<T>,
  record: T,
  kept: readonly KeptFile[],
): string {
  if (kept.length === 0) return '';
  const each = kept.map((k) => `“${fileNameOf(k.path)}” ${whyKept(k)}`).join('; ');
  // A field whose files are called 'file' (a discovered one) says “1 file”, not “1 file file”.
  const noun = field.file === 'file' ? 'file' : `${field.file} file`;
  const what = `${kept.length} ${noun}${kept.length === 1 ? '' : 's'}`;
  const unchecked = kept.some((k) => 'unchecked' in k)
    ? ' The orphan report lists a kept file if no record uses it.'
    : '';
  return `${what[0]!.toUpperCase()}${what.slice(1)} of ${quoted(field, record)} ${kept.length === 1 ? 'was' : 'were'} kept: ${each}.${unchecked}`;
}

/**
 * keptSentence for a record with several file fields: one sentence a field that kept files, each
 * with that field's words (a file none of them holds goes with the first). Empty when nothing was kept.
 */
export function keptSentences<T extends StoredRecord>(
  fields: readonly RecordFileField<T>[],
  record: T,
  kept: readonly KeptFile[],
): string {
  const [first] = fields;
  if (!first) return '';
  const byField = new Map(fields.map((f) => [f, [] as KeptFile[]]));
  for (const file of kept) {
    const holder = fields.find((f) => pathsOf(f, record).includes(file.path)) ?? first;
    byField.get(holder)!.push(file);
  }
  return [...byField]
    .map(([field, files]) => keptSentence(field, record, files))
    .filter((s) => s)
    .join(' ');
}

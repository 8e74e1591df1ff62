import { fileNameOf } from '../shared/format/file-format';
import type { ListSort, OrderedRecords } from '../shared/record-list/record-list-state';
import { compareValues, displayValue } from './field-values';
import { type AnyRecord, type RecordModel, displayName } from './record-model';

/** One record as a table row: what the shared list parts read (id, version, name) and the record. */
export interface RecordRow {
  readonly id: string;
  readonly updatedAt: string;
  readonly name: string;
  readonly record: AnyRecord;
}

export function rowOf(model: RecordModel, record: AnyRecord): RecordRow {
  return { id: record.id, updatedAt: record.updatedAt, name: displayName(record, model.nameField), record };
}

/** The strings a file field holds, in order (null and non-strings are none). */
export function valuesOf(record: AnyRecord, field: string): string[] {
  const value = record[field];
  const all = Array.isArray(value) ? (value as unknown[]) : [value];
  return all.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Folded text a search compares against: the shown columns and the file names. */
function searchTextOf(model: RecordModel, row: RecordRow): string {
  const scalars = model.columns.map((f) => displayValue(f, row.record[f.name]));
  const files = model.fileFields.flatMap((f) => valuesOf(row.record, f.discovered.field).map(fileNameOf));
  return [row.name, ...scalars, ...files].join('\n').toLocaleLowerCase('en');
}

/**
 * Sorts rows by a column (a scalar field, a file field by its first file's name, or `updatedAt`),
 * then by name; folds their search text once, so a search per keystroke only compares.
 */
export function orderRows(
  model: RecordModel,
  rows: readonly RecordRow[],
  sort: ListSort<string>,
): OrderedRecords<RecordRow> {
  const sign = sort.direction === 'desc' ? -1 : 1;
  const field = model.fields.find((f) => f.name === sort.key);
  const fileField = model.fileFields.find((f) => `file-${f.discovered.field}` === sort.key)?.discovered.field;
  const byName = (a: RecordRow, b: RecordRow) =>
    a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true });
  const compare = (a: RecordRow, b: RecordRow): number => {
    if (sort.key === 'updatedAt') return a.updatedAt.localeCompare(b.updatedAt);
    if (field) return compareValues(field, a.record[field.name], b.record[field.name]);
    if (fileField) {
      const [x, y] = [valuesOf(a.record, fileField)[0], valuesOf(b.record, fileField)[0]];
      return (x ? fileNameOf(x) : '\uffff').localeCompare(y ? fileNameOf(y) : '\uffff', 'en');
    }
    return 0;
  };
  const sorted = [...rows].sort((a, b) => sign * compare(a, b) || byName(a, b));
  const texts = sorted.map((row) => searchTextOf(model, row));
  return {
    rows: sorted,
    match: (search) => {
      const words = search.trim().toLocaleLowerCase('en').split(/\s+/).filter(Boolean);
      if (words.length === 0) return sorted;
      return sorted.filter((_, i) => words.every((w) => texts[i]!.includes(w)));
    },
  };
}

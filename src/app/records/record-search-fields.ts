import type { RecordModel } from './record-model';

/**
 * Fields a server search may look into with `contains`: text the table shows. A list field is left
 * out: `contains` on a list asks for a whole element, not part of one.
 */
export function searchFieldsOf(model: RecordModel): string[] {
  const textual = (f: { kind: string }) => f.kind === 'text' || f.kind === 'email' || f.kind === 'url';
  const names = model.fields.filter((f) => f.name === model.nameField && textual(f));
  const columns = model.columns.filter(textual);
  const files = model.fileFields.filter((f) => f.discovered.kind === 'one').map((f) => f.discovered.field);
  return [...new Set([...names, ...columns].map((f) => f.name).concat(files))];
}

import type { AttachmentError } from '../attachment-error';
import type { ReferenceField, ReferenceLookup, Referrer } from '../file-references';

/** Where the fake finds one model's records: rows read at each lookup, as a filtered list reads the table. */
interface FakeModel {
  readonly fields: readonly ReferenceField[];
  readonly rows: () => Iterable<Readonly<Record<string, unknown>>>;
}

/**
 * The shared-file check's lookup over in-memory tables, for specs: answers what the Data client's
 * filtered list would (records holding one of the paths now), records every call, and fails the
 * next call when told to.
 */
export class FakeReferenceLookup {
  private readonly models: FakeModel[] = [];
  /** Every lookup: the field and the paths it asked about. */
  readonly calls: { readonly field: string; readonly paths: readonly string[] }[] = [];
  failNext?: AttachmentError;

  /** A model whose records live in `rows` (e.g. a FakeRecordTable's rows), with its file fields. */
  model(fields: readonly ReferenceField[], rows: () => Iterable<Readonly<Record<string, unknown>>>): this {
    this.models.push({ fields, rows });
    return this;
  }

  /** Every field of every model, in the order given. */
  fields(): ReferenceField[] {
    return this.models.flatMap((m) => m.fields);
  }

  readonly lookup: ReferenceLookup = async (field, paths) => {
    this.calls.push({ field: `${field.model}.${field.field}`, paths: [...paths] });
    const failure = this.failNext;
    if (failure) {
      this.failNext = undefined;
      throw failure;
    }
    const model = this.models.find((m) => m.fields.some((f) => f.model === field.model && f.field === field.field));
    const wanted = new Set(paths);
    const found: Referrer[] = [];
    for (const row of model?.rows() ?? []) {
      const value = row[field.field];
      const held = (Array.isArray(value) ? value : [value]).filter((p): p is string => typeof p === 'string');
      if (!held.some((p) => wanted.has(p))) continue;
      const name = field.nameField ? row[field.nameField] : undefined;
      found.push({
        model: field.model,
        field: field.field,
        id: String(row['id']),
        ...(typeof name === 'string' ? { name } : {}),
        paths: held,
      });
    }
    return found;
  };
}

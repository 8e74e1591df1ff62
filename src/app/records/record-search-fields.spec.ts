import type { AnyRecord, FileFieldView, RecordModel, ScalarField, ScalarKind } from './record-model';
import { searchFieldsOf } from './record-search-fields';

const scalar = (name: string, kind: ScalarKind): ScalarField => ({
  name,
  label: name,
  kind,
  required: false,
  readOnly: false,
});

const file = (field: string, kind: 'one' | 'many'): FileFieldView => ({
  discovered: {
    model: 'Product',
    field,
    kind,
    status: 'confirmed',
    paths: [],
    evidence: [],
    sampled: { values: 0, resolved: 0 },
  },
  label: field,
  managed: true,
  field: { field, kind, record: 'product', file: 'file', name: (r: AnyRecord) => r.id } as FileFieldView['field'],
});

const model = (over: Partial<RecordModel>): RecordModel => ({
  name: 'Product',
  plural: 'Products',
  nameField: 'name',
  fields: [],
  columns: [],
  editable: [],
  fileFields: [],
  ...over,
});

describe('searchFieldsOf', () => {
  it('searches the naming field first, then the text, email and URL columns, then single-path file fields', () => {
    const name = scalar('name', 'text');
    const fields = searchFieldsOf(
      model({
        fields: [name, scalar('sku', 'text')],
        columns: [scalar('sku', 'text'), scalar('contact', 'email'), scalar('site', 'url'), name],
        fileFields: [file('manualPath', 'one')],
      }),
    );
    expect(fields).toEqual(['name', 'sku', 'contact', 'site', 'manualPath']);
  });

  it('leaves out columns `contains` cannot search as text: numbers, flags, enums, dates, ids, JSON', () => {
    const kinds: ScalarKind[] = ['int', 'float', 'boolean', 'enum', 'date', 'datetime', 'id', 'json', 'phone', 'ip'];
    const columns = kinds.map((k) => scalar(`a_${k}`, k));
    expect(searchFieldsOf(model({ nameField: 'a_id', fields: columns, columns }))).toEqual([]);
  });

  it('leaves out list file fields: `contains` on a list matches a whole element only', () => {
    const fields = searchFieldsOf(model({ fileFields: [file('imageKeys', 'many'), file('coverPath', 'one')] }));
    expect(fields).toEqual(['coverPath']);
  });

  it('leaves out a naming field that is not text, and one the model does not have', () => {
    expect(searchFieldsOf(model({ nameField: 'rank', fields: [scalar('rank', 'int')] }))).toEqual([]);
    expect(searchFieldsOf(model({ nameField: 'missing' }))).toEqual([]);
  });

  it('names each field once', () => {
    const title = scalar('title', 'text');
    expect(searchFieldsOf(model({ nameField: 'title', fields: [title], columns: [title, title] }))).toEqual(['title']);
  });
});

import { discoverFileFields } from '../discovery/discover-file-fields';
import { readIntrospection } from '../discovery/model-introspection';
import { EXAMPLE_OUTPUTS } from '../discovery/testing/example-outputs';
import type { AnyRecord } from './record-model';
import { recordModelOf } from './record-model';
import { orderRows, rowOf, valuesOf } from './record-rows';

const found = discoverFileFields(EXAMPLE_OUTPUTS).models.find((m) => m.name === 'Product')!;
const PRODUCT = recordModelOf(found, readIntrospection(EXAMPLE_OUTPUTS)!)!;
const U = '00000000-0000-4000-8000-00000000000';

const product = (id: string, fields: Record<string, unknown>, updatedAt = '2026-01-01T00:00:00Z'): AnyRecord => ({
  id,
  updatedAt,
  ...fields,
});
const ROWS = [
  product('p1', { name: 'Drill 10', price: 49.5, manualPath: `manuals/p1/${U}1-zeta.pdf` }, '2026-01-03T00:00:00Z'),
  product('p2', { name: 'drill 9', price: 5, imageKeys: [`products/p2/${U}2-front.png`] }, '2026-01-01T00:00:00Z'),
  product('p3', { name: 'Axe', price: null, manualPath: `manuals/p3/${U}3-alpha.pdf` }, '2026-01-02T00:00:00Z'),
  product('p4', { sku: 'NO-NAME', price: 12 }, '2026-01-04T00:00:00Z'),
].map((r) => rowOf(PRODUCT, r));
const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

describe('record rows', () => {
  it('names a row by the model’s name field, else its id', () => {
    expect(ROWS.map((r) => r.name)).toEqual(['Drill 10', 'drill 9', 'Axe', 'p4']);
  });

  it('reads a file field’s paths in order, dropping empty and non-string values', () => {
    expect(valuesOf(product('x', { imageKeys: ['a', '', null, 'b', 7] }), 'imageKeys')).toEqual(['a', 'b']);
    expect(valuesOf(product('x', { manualPath: null }), 'manualPath')).toEqual([]);
  });

  it('sorts by name (numbers in order, case folded), by a number (empty last), by a file’s name, by update', () => {
    expect(ids(orderRows(PRODUCT, ROWS, { key: 'name', direction: 'asc' }).rows)).toEqual(['p3', 'p2', 'p1', 'p4']);
    expect(ids(orderRows(PRODUCT, ROWS, { key: 'price', direction: 'asc' }).rows)).toEqual(['p2', 'p4', 'p1', 'p3']);
    // Records without a manual go after those with one.
    expect(ids(orderRows(PRODUCT, ROWS, { key: 'file-manualPath', direction: 'asc' }).rows)).toEqual([
      'p3',
      'p1',
      'p2',
      'p4',
    ]);
    expect(ids(orderRows(PRODUCT, ROWS, { key: 'updatedAt', direction: 'desc' }).rows)).toEqual([
      'p4',
      'p1',
      'p3',
      'p2',
    ]);
  });

  it('searches every word in the name, the shown columns and the file names, ignoring case', () => {
    const ordered = orderRows(PRODUCT, ROWS, { key: 'name', direction: 'asc' });
    expect(ids(ordered.match('DRILL'))).toEqual(['p2', 'p1']);
    expect(ids(ordered.match('front.png'))).toEqual(['p2']);
    expect(ids(ordered.match('drill zeta'))).toEqual(['p1']);
    expect(ids(ordered.match('no-name'))).toEqual(['p4']);
    expect(ids(ordered.match('   '))).toEqual(['p3', 'p2', 'p1', 'p4']);
    expect(ordered.match('nothing like it')).toEqual([]);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ModelIntrospection } from '../data/schema-loader.ts';
import { ItemStore } from '../data/store.ts';
import { TableReader } from './read-ops.ts';
import { modelTables, storeKeyOf, TableSet } from './tables.ts';

// A model with a sort key and a secondary index, as a.model().identifier([...]).secondaryIndexes(...) gives.
const introspection = {
  version: 1,
  enums: {},
  nonModels: {},
  models: {
    Track: {
      name: 'Track',
      pluralName: 'Tracks',
      fields: {
        albumId: { name: 'albumId', type: 'ID', isArray: false, isRequired: true, attributes: [] },
        trackNo: { name: 'trackNo', type: 'Int', isArray: false, isRequired: true, attributes: [] },
        genre: { name: 'genre', type: 'String', isArray: false, isRequired: false, attributes: [] },
      },
      attributes: [
        { type: 'model', properties: {} },
        { type: 'key', properties: { fields: ['albumId', 'trackNo'] } },
        { type: 'key', properties: { name: 'tracksByGenre', fields: ['genre', 'trackNo'], queryField: 'listByGenre' } },
      ],
      primaryKeyInfo: { primaryKeyFieldName: 'albumId', sortKeyFieldNames: ['trackNo'] },
    },
  },
} as unknown as ModelIntrospection;

let dir: string;
let store: ItemStore;
let reader: TableReader;
let table: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dynamodb-reader-'));
  store = new ItemStore(dir);
  const tables = new TableSet(modelTables(introspection, 'apiid', 'us-east-1'));
  const track = tables.byModel('Track')!;
  table = track.name;
  reader = new TableReader(store, tables);
  for (const albumId of ['a', 'b']) {
    // Numbers 1..12 stored as JSON: 10 sorts before 2 as text; DynamoDB orders N numerically.
    for (let trackNo = 1; trackNo <= 12; trackNo++) {
      const item = { albumId, trackNo, genre: trackNo % 2 ? 'rock' : 'jazz' };
      store.insert('Track', storeKeyOf(track, item), item);
    }
  }
});

after(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const numbers = (items: unknown) => (items as { trackNo: { N: string } }[]).map((i) => Number(i.trackNo.N));

test('Query: one partition in numeric sort-key order, a sort condition, backwards, paged', () => {
  const all = reader.query({
    TableName: table,
    KeyConditionExpression: 'albumId = :a',
    ExpressionAttributeValues: { ':a': { S: 'a' } },
  });
  assert.deepEqual(numbers(all['Items']), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const between = reader.query({
    TableName: table,
    KeyConditionExpression: 'albumId = :a AND trackNo BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':a': { S: 'b' }, ':lo': { N: '3' }, ':hi': { N: '10' } },
    ScanIndexForward: false,
    Limit: 4,
  });
  assert.deepEqual(numbers(between['Items']), [10, 9, 8, 7]);
  assert.deepEqual(between['LastEvaluatedKey'], { albumId: { S: 'b' }, trackNo: { N: '7' } });
  const rest = reader.query({
    TableName: table,
    KeyConditionExpression: 'albumId = :a AND trackNo BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':a': { S: 'b' }, ':lo': { N: '3' }, ':hi': { N: '10' } },
    ScanIndexForward: false,
    ExclusiveStartKey: between['LastEvaluatedKey'],
  });
  assert.deepEqual(numbers(rest['Items']), [6, 5, 4, 3]);
  assert.equal(rest['LastEvaluatedKey'], undefined);
});

test('Query on a secondary index: its partition across the table, ordered by its sort key', () => {
  const jazz = reader.query({
    TableName: table,
    IndexName: 'tracksByGenre',
    KeyConditionExpression: 'genre = :g AND trackNo > :n',
    ExpressionAttributeValues: { ':g': { S: 'jazz' }, ':n': { N: '8' } },
  });
  assert.deepEqual(numbers(jazz['Items']), [10, 10, 12, 12]);
  assert.throws(
    () =>
      reader.query({
        TableName: table,
        IndexName: 'nope',
        KeyConditionExpression: 'genre = :g',
        ExpressionAttributeValues: { ':g': { S: 'x' } },
      }),
    {
      message: 'The table does not have the specified index: nope',
    },
  );
});

test('GetItem on a composite key; a key without the sort key is refused', () => {
  const got = reader.getItem({ TableName: table, Key: { albumId: { S: 'a' }, trackNo: { N: '11' } } });
  assert.deepEqual(got['Item'], { albumId: { S: 'a' }, trackNo: { N: '11' }, genre: { S: 'rock' } });
  assert.throws(() => reader.getItem({ TableName: table, Key: { albumId: { S: 'a' } } }), {
    message: 'The provided key element does not match the schema',
  });
});

test('Scan segments of a composite-key table cover each item once', () => {
  const seen: string[] = [];
  for (let segment = 0; segment < 3; segment++) {
    const page = reader.scan({ TableName: table, Segment: segment, TotalSegments: 3 });
    for (const item of page['Items'] as { albumId: { S: string }; trackNo: { N: string } }[]) {
      seen.push(`${item.albumId.S}/${item.trackNo.N}`);
    }
  }
  assert.equal(seen.length, 24);
  assert.equal(new Set(seen).size, 24);
});

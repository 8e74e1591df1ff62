import { TransactWriteItemsCommand, type TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { functionClients, READ_WRITE, WRITE_ONLY } from './testing.ts';

let backend: TestBackend;
let Song: string;
let Album: string;
let clients: ReturnType<typeof functionClients>;

before(async () => {
  backend = await startTestBackend({ seed: false });
  Song = backend.dynamodb!.tables.byModel('Song')!.name;
  Album = backend.dynamodb!.tables.byModel('PhotoAlbum')!.name;
  clients = functionClients(backend, READ_WRITE, ['Song', 'PhotoAlbum']);
});
after(() => backend.stop());

const stored = (model: string, id: string) => backend.data!.store.get(model, id)?.item;
const puts = (n: number) =>
  Array.from({ length: n }, () => ({ PutRequest: { Item: { id: randomUUID(), name: 'b' } } }));

describe('BatchWriteItem', () => {
  test('25 puts and deletes over two tables are all written; UnprocessedItems is empty', async () => {
    const gone = randomUUID();
    await clients.doc.send(new PutCommand({ TableName: Album, Item: { id: gone, name: 'old' } }));
    const songPuts = puts(24);
    const out = await clients.doc.send(
      new BatchWriteCommand({
        RequestItems: { [Song]: songPuts, [Album]: [{ DeleteRequest: { Key: { id: gone } } }] },
      }),
    );
    assert.deepEqual(out.UnprocessedItems, {});
    for (const put of songPuts) assert.equal(stored('Song', put.PutRequest.Item.id)?.['name'], 'b');
    assert.equal(stored('PhotoAlbum', gone), undefined);
  });

  test('a role granted on one table only is refused the batch that also writes another', async () => {
    const songsOnly = functionClients(backend, WRITE_ONLY, ['Song']);
    const put = puts(1);
    await assert.rejects(
      songsOnly.doc.send(new BatchWriteCommand({ RequestItems: { [Song]: put, [Album]: puts(1) } })),
      { name: 'AccessDeniedException', message: new RegExp(`dynamodb:BatchWriteItem on resource: .*table/${Album} `) },
    );
    assert.equal(stored('Song', put[0]!.PutRequest.Item.id), undefined);
  });

  test('26 requests, a key twice, a bad key: ValidationException and nothing written', async () => {
    const twice = randomUUID();
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ [Song]: puts(26) }, /^Too many items requested for the BatchWriteItem call$/],
      [
        { [Song]: [{ PutRequest: { Item: { id: twice } } }, { DeleteRequest: { Key: { id: twice } } }] },
        /^Provided list of item keys contains duplicates$/,
      ],
      [{ [Song]: [...puts(2), { PutRequest: { Item: { name: 'keyless' } } }] }, /Missing the key id in the item$/],
    ];
    for (const [RequestItems, message] of refusals) {
      const before = backend.data!.store.count('Song');
      await assert.rejects(clients.doc.send(new BatchWriteCommand({ RequestItems } as never)), {
        name: 'ValidationException',
        message,
      });
      assert.equal(backend.data!.store.count('Song'), before);
    }
  });
});

describe('TransactWriteItems', () => {
  test('Put, Update, Delete and ConditionCheck on two tables commit together', async () => {
    const [a, b, c, album] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await clients.doc.send(new PutCommand({ TableName: Song, Item: { id: b, name: 'b', plays: 1 } }));
    await clients.doc.send(new PutCommand({ TableName: Song, Item: { id: c, name: 'c' } }));
    await clients.doc.send(new PutCommand({ TableName: Album, Item: { id: album, name: 'open' } }));
    await clients.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: Song, Item: { id: a, name: 'a' }, ConditionExpression: 'attribute_not_exists(id)' } },
          {
            Update: {
              TableName: Song,
              Key: { id: b },
              UpdateExpression: 'ADD plays :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          { Delete: { TableName: Song, Key: { id: c } } },
          {
            ConditionCheck: {
              TableName: Album,
              Key: { id: album },
              ConditionExpression: '#n = :open',
              ExpressionAttributeNames: { '#n': 'name' },
              ExpressionAttributeValues: { ':open': 'open' },
            },
          },
        ],
      }),
    );
    assert.equal(stored('Song', a)?.['name'], 'a');
    assert.equal(stored('Song', b)?.['plays'], 2);
    assert.equal(stored('Song', c), undefined);
  });

  test('one failed condition cancels all: CancellationReasons in order, the old item where asked', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await clients.doc.send(new PutCommand({ TableName: Song, Item: { id: b, name: 'b', plays: 1 } }));
    await clients.doc.send(new PutCommand({ TableName: Song, Item: { id: c, name: 'c' } }));
    const err = (await clients.client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: Song, Item: { id: { S: a }, name: { S: 'a' } } } },
            {
              Update: {
                TableName: Song,
                Key: { id: { S: b } },
                UpdateExpression: 'SET plays = :n',
                ConditionExpression: 'plays > :n',
                ExpressionAttributeValues: { ':n': { N: '5' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Delete: { TableName: Song, Key: { id: { S: c } }, ConditionExpression: 'attribute_not_exists(id)' } },
          ],
        }),
      )
      .then(
        () => assert.fail('committed'),
        (e: unknown) => e,
      )) as TransactionCanceledException;
    assert.equal(err.name, 'TransactionCanceledException');
    assert.equal(
      err.message,
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]',
    );
    assert.deepEqual(
      err.CancellationReasons?.map((r) => r.Code),
      ['None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'],
    );
    assert.equal(err.CancellationReasons?.[1]?.Message, 'The conditional request failed');
    assert.deepEqual(err.CancellationReasons?.[1]?.Item, { id: { S: b }, name: { S: 'b' }, plays: { N: '1' } });
    assert.equal(err.CancellationReasons?.[2]?.Item, undefined);
    // Nothing of it is kept: the first put is rolled back, the rest untouched.
    assert.equal(stored('Song', a), undefined);
    assert.equal(stored('Song', b)?.['plays'], 1);
    assert.ok(stored('Song', c));
  });

  test('two operations on one item, or over 100, are ValidationException', async () => {
    const id = randomUUID();
    const twice = [{ Put: { TableName: Song, Item: { id } } }, { Delete: { TableName: Song, Key: { id } } }];
    await assert.rejects(clients.doc.send(new TransactWriteCommand({ TransactItems: twice })), {
      name: 'ValidationException',
      message: 'Transaction request cannot include multiple operations on one item',
    });
    const many = Array.from({ length: 101 }, () => ({ Put: { TableName: Song, Item: { id: randomUUID() } } }));
    await assert.rejects(clients.doc.send(new TransactWriteCommand({ TransactItems: many })), {
      name: 'ValidationException',
      message: /Member must have length less than or equal to 100$/,
    });
    assert.equal(stored('Song', id), undefined);
  });

  test("each part needs its own action: grantWriteData's role cannot ConditionCheck", async () => {
    const writer = functionClients(backend, WRITE_ONLY, ['Song', 'PhotoAlbum']);
    const id = randomUUID();
    await assert.rejects(
      writer.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: Song, Item: { id, name: 'x' } } },
            { ConditionCheck: { TableName: Album, Key: { id }, ConditionExpression: 'attribute_not_exists(id)' } },
          ],
        }),
      ),
      {
        name: 'AccessDeniedException',
        message: new RegExp(
          `perform: dynamodb:ConditionCheckItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/${Album} `,
        ),
      },
    );
    assert.equal(stored('Song', id), undefined);
    // Allowed parts only: it commits.
    await writer.doc.send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: Song, Item: { id, name: 'x' } } }] }),
    );
    assert.equal(stored('Song', id)?.['name'], 'x');
  });

  test('a batch written through the document client reads back through Scan', async () => {
    const items = puts(5).map((p) => ({ PutRequest: { Item: { ...p.PutRequest.Item, name: 'scan-me' } } }));
    await clients.doc.send(new BatchWriteCommand({ RequestItems: { [Song]: items } }));
    const { Items } = await clients.doc.send(
      new ScanCommand({
        TableName: Song,
        FilterExpression: '#n = :v',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':v': 'scan-me' },
      }),
    );
    assert.equal(Items?.length, 5);
    const one = await clients.doc.send(new GetCommand({ TableName: Song, Key: { id: items[0]!.PutRequest.Item.id } }));
    assert.deepEqual(one.Item, items[0]!.PutRequest.Item);
  });
});

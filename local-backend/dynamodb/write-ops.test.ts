import { DeleteItemCommand, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { gql, dataOutputs } from '../data/testing.ts';
import { CREATED_AT, song, songTableFixture } from './testing.ts';

const fx = songTableFixture();
const getSong = async (id: string) =>
  (await fx.clients.doc.send(new GetCommand({ TableName: fx.Song, Key: { id } }))).Item;
const conditionFailed = { name: 'ConditionalCheckFailedException', message: 'The conditional request failed' };

describe('PutItem', () => {
  test('writes the item as given; a GraphQL get and list then return it', async () => {
    const id = randomUUID();
    await fx.clients.doc.send(new PutCommand({ TableName: fx.Song, Item: song(id, { coverArtPath: 'images/a.png' }) }));
    assert.deepEqual(await getSong(id), song(id, { coverArtPath: 'images/a.png' }));
    const auth = { apiKey: dataOutputs(fx.backend).api_key };
    const got = await gql(fx.backend, auth, `query($id: ID!) { getSong(id: $id) { id name coverArtPath updatedAt } }`, {
      id,
    });
    assert.deepEqual(got.body.data?.['getSong'], {
      id,
      name: `Song ${id.slice(0, 4)}`,
      coverArtPath: 'images/a.png',
      updatedAt: CREATED_AT,
    });
    const listed = await gql(fx.backend, auth, `{ listSongs(limit: 1000) { items { id } } }`);
    const ids = (listed.body.data?.['listSongs'] as { items: { id: string }[] }).items.map((i) => i.id);
    assert.ok(ids.includes(id));
  });

  test('adds nothing: an item without createdAt fails the GraphQL read of that non-null field, as in AppSync', async () => {
    const id = randomUUID();
    await fx.clients.doc.send(new PutCommand({ TableName: fx.Song, Item: { id, name: 'bare' } }));
    assert.deepEqual(await getSong(id), { id, name: 'bare' });
    const got = await gql(
      fx.backend,
      { apiKey: dataOutputs(fx.backend).api_key },
      `query($id: ID!) { getSong(id: $id) { id createdAt } }`,
      { id },
    );
    assert.ok(got.body.errors?.length, JSON.stringify(got.body));
    assert.match(String(got.body.errors![0]!['message']), /null|non-nullable/i);
  });

  test('attribute_not_exists refuses an existing key with the old item when asked; ALL_OLD returns the replaced one', async () => {
    const id = randomUUID();
    const create = { TableName: fx.Song, ConditionExpression: 'attribute_not_exists(id)' };
    await fx.clients.doc.send(new PutCommand({ ...create, Item: song(id) }));
    await assert.rejects(
      fx.clients.doc.send(new PutCommand({ ...create, Item: song(id, { name: 'again' }) })),
      conditionFailed,
    );
    const refused = await fx.clients.client
      .send(
        new PutItemCommand({
          ...create,
          Item: { id: { S: id }, name: { S: 'x' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((err: { Item?: unknown }) => err);
    assert.deepEqual((refused as { Item?: { name?: unknown } }).Item?.name, { S: `Song ${id.slice(0, 4)}` });
    const replaced = await fx.clients.doc.send(
      new PutCommand({
        TableName: fx.Song,
        Item: song(id, { name: 'v2', plays: 3 }),
        ConditionExpression: '#n = :old AND NOT contains(#n, :x) OR size(#n) > :big',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':old': `Song ${id.slice(0, 4)}`, ':x': 'zzz', ':big': 1000 },
        ReturnValues: 'ALL_OLD',
      }),
    );
    assert.deepEqual(replaced.Attributes, song(id));
    assert.equal((await getSong(id))?.['plays'], 3);
  });

  test('sets and binary come back as sent', async () => {
    const id = randomUUID();
    const item = {
      id: { S: id },
      tags: { SS: ['a', 'b'] },
      scores: { NS: ['1', '2.5'] },
      blob: { B: Uint8Array.from([0, 1, 2]) },
      m: { M: { n: { NULL: true as const } } },
    };
    await fx.clients.client.send(new PutItemCommand({ TableName: fx.Song, Item: item }));
    const { Item } = await fx.clients.client.send(new GetItemCommand({ TableName: fx.Song, Key: { id: { S: id } } }));
    assert.deepEqual(Item?.['tags'], { SS: ['a', 'b'] });
    assert.deepEqual(Item?.['scores'], { NS: ['1', '2.5'] });
    assert.equal(Buffer.from(Item?.['blob']?.B as Uint8Array).toString('base64'), 'AAEC');
    assert.deepEqual(Item?.['m'], { M: { n: { NULL: true } } });
    assert.equal(Object.keys(Item!).length, 5, 'no bookkeeping attribute is returned');
  });

  test('a key missing, of the wrong type or empty, a bad ReturnValues, an unused value, over 400 KB: ValidationException, nothing written', async () => {
    const id = randomUUID();
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ Item: { name: 'no key' } }, /^One or more parameter values were invalid: Missing the key id in the item$/],
      [
        { Item: { id: 5 } },
        /^One or more parameter values were invalid: Type mismatch for key id expected: S actual: N$/,
      ],
      [{ Item: { id: '' } }, /cannot contain an empty string value\. Key: id$/],
      [{ Item: { id }, ReturnValues: 'ALL_NEW' }, /^ReturnValues can only be ALL_OLD or NONE$/],
      [
        { Item: { id }, ConditionExpression: 'attribute_not_exists(id)', ExpressionAttributeValues: { ':unused': 1 } },
        /unused in expressions: keys: \{:unused\}$/,
      ],
      [{ Item: { id, name: 'x'.repeat(400 * 1024) } }, /^Item size has exceeded the maximum allowed size$/],
      [{ Item: { id }, ConditionExpression: 'attribute_not_exists(id' }, /^Invalid ConditionExpression: Syntax error/],
    ];
    for (const [input, message] of refusals) {
      await assert.rejects(fx.clients.doc.send(new PutCommand({ TableName: fx.Song, ...input } as never)), {
        name: 'ValidationException',
        message,
      });
    }
    assert.equal(await getSong(id), undefined);
  });
});

describe('DeleteItem', () => {
  test('deletes when the condition holds, returning the old item; refuses otherwise and keeps it', async () => {
    const id = randomUUID();
    await fx.clients.doc.send(new PutCommand({ TableName: fx.Song, Item: song(id, { plays: 2 }) }));
    const guarded = {
      TableName: fx.Song,
      Key: { id },
      ConditionExpression: 'plays >= :n',
      ExpressionAttributeValues: { ':n': 3 },
    };
    await assert.rejects(fx.clients.doc.send(new DeleteCommand(guarded)), conditionFailed);
    assert.ok(await getSong(id));
    const { Attributes } = await fx.clients.doc.send(
      new DeleteCommand({ ...guarded, ExpressionAttributeValues: { ':n': 2 }, ReturnValues: 'ALL_OLD' }),
    );
    assert.deepEqual(Attributes, song(id, { plays: 2 }));
    assert.equal(await getSong(id), undefined);
    // A missing item: nothing to delete, no error, nothing returned (attribute_exists refuses).
    assert.equal(
      (await fx.clients.doc.send(new DeleteCommand({ TableName: fx.Song, Key: { id }, ReturnValues: 'ALL_OLD' })))
        .Attributes,
      undefined,
    );
    await assert.rejects(
      fx.clients.doc.send(
        new DeleteCommand({ TableName: fx.Song, Key: { id }, ConditionExpression: 'attribute_exists(id)' }),
      ),
      conditionFailed,
    );
  });

  test('a key with an extra attribute or the wrong type is ValidationException', async () => {
    const keys: Record<string, AttributeValue>[] = [{ id: { S: 'a' }, name: { S: 'b' } }, { id: { N: '1' } }];
    for (const Key of keys) {
      await assert.rejects(fx.clients.client.send(new DeleteItemCommand({ TableName: fx.Song, Key })), {
        name: 'ValidationException',
        message: 'The provided key element does not match the schema',
      });
    }
  });
});

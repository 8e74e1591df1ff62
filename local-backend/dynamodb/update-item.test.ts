import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { functionClients, song, songTableFixture, WRITE_ONLY } from './testing.ts';

const fx = songTableFixture();
const getSong = async (id: string) =>
  (await fx.clients.doc.send(new GetCommand({ TableName: fx.Song, Key: { id } }))).Item;

describe('UpdateItem', () => {
  test('SET with if_not_exists, + and list_append, REMOVE, ADD and DELETE; ReturnValues each way', async () => {
    const id = randomUUID();
    const update = (
      expr: string,
      values: Record<string, unknown> | undefined,
      ReturnValues: 'ALL_NEW' | 'UPDATED_OLD' | 'UPDATED_NEW' | 'ALL_OLD',
    ) =>
      fx.clients.doc.send(
        new UpdateCommand({
          TableName: fx.Song,
          Key: { id },
          UpdateExpression: expr,
          ExpressionAttributeValues: values,
          ReturnValues,
        }),
      );
    // A missing item is created from its key.
    const first = await update(
      'SET plays = if_not_exists(plays, :zero) + :one, history = list_append(if_not_exists(history, :empty), :h)',
      { ':zero': 0, ':one': 1, ':empty': [], ':h': ['a'] },
      'ALL_NEW',
    );
    assert.deepEqual(first.Attributes, { id, plays: 1, history: ['a'] });
    const second = await update(
      'SET plays = plays + :one, history = list_append(:h, history), price = :p - :d',
      { ':one': 1, ':h': ['z'], ':p': 0.3, ':d': 0.1 },
      'UPDATED_NEW',
    );
    assert.deepEqual(second.Attributes, { plays: 2, history: ['z', 'a'], price: 0.2 });
    const third = await update(
      'ADD tags :t, score :s REMOVE history[0]',
      { ':t': new Set(['x', 'y']), ':s': 5 },
      'UPDATED_OLD',
    );
    assert.deepEqual(third.Attributes, { history: ['z'] });
    const fourth = await update('DELETE tags :t ADD tags2 :u SET #m.#k = :v', undefined, 'ALL_OLD').catch(
      (e: Error) => e,
    );
    assert.equal((fourth as Error).name, 'ValidationException', 'an undefined placeholder');
    const fifth = await fx.clients.doc.send(
      new UpdateCommand({
        TableName: fx.Song,
        Key: { id },
        UpdateExpression: 'DELETE tags :t REMOVE price',
        ConditionExpression: 'contains(tags, :x) AND score = :s',
        ExpressionAttributeValues: { ':t': new Set(['x']), ':x': 'x', ':s': 5 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    assert.deepEqual(fifth.Attributes, { id, plays: 2, history: ['a'], tags: new Set(['y']), score: 5 });
    await update('DELETE tags :t', { ':t': new Set(['y']) }, 'ALL_NEW').then((r) =>
      assert.equal(r.Attributes?.['tags'], undefined, 'an emptied set is removed'),
    );
  });

  test('a condition that fails changes nothing and can return the item', async () => {
    const id = randomUUID();
    await fx.clients.doc.send(new PutCommand({ TableName: fx.Song, Item: song(id, { plays: 1 }) }));
    const refused = await fx.clients.client
      .send(
        new UpdateItemCommand({
          TableName: fx.Song,
          Key: { id: { S: id } },
          UpdateExpression: 'SET plays = :n',
          ConditionExpression: 'plays > :n',
          ExpressionAttributeValues: { ':n': { N: '5' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .then(
        () => assert.fail('updated'),
        (err: { name: string; Item?: Record<string, unknown> }) => err,
      );
    assert.equal(refused.name, 'ConditionalCheckFailedException');
    assert.deepEqual(refused.Item?.['plays'], { N: '1' });
    assert.equal((await getSong(id))?.['plays'], 1);
  });

  test('a key attribute, overlapping paths, a clause twice, a wrong type, an unused value: ValidationException', async () => {
    const id = randomUUID();
    await fx.clients.doc.send(new PutCommand({ TableName: fx.Song, Item: song(id) }));
    const refusals: [string, Record<string, unknown>, RegExp][] = [
      [
        'SET id = :v',
        { ':v': 'other' },
        /^One or more parameter values were invalid: Cannot update attribute id\. This attribute is part of the key$/,
      ],
      [
        'SET a = :v, a.b = :v',
        { ':v': 1 },
        /^Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \[a\], path two: \[a, b\]$/,
      ],
      ['SET a = :v REMOVE a', { ':v': 1 }, /Two document paths overlap/],
      [
        'SET a = :v SET b = :v',
        { ':v': 1 },
        /^Invalid UpdateExpression: The "SET" section can only be used once in an update expression;$/,
      ],
      ['SET n = #name + :v', { ':v': 1 }, /^An operand in the update expression has an incorrect data type$/],
      [
        'ADD #name :v',
        { ':v': 'text' },
        /Incorrect operand type for operator or function; operator: ADD, operand type: STRING$/,
      ],
      [
        'SET a = :v',
        { ':v': 1, ':w': 2 },
        /^Value provided in ExpressionAttributeValues unused in expressions: keys: \{:w\}$/,
      ],
      ['SET a = missing', {}, /refers to an attribute that does not exist in the item$/],
      [
        'SET nope.deeper = :v',
        { ':v': 1 },
        /^The document path provided in the update expression is invalid for update$/,
      ],
      ['SET big = :v', { ':v': 'x'.repeat(400 * 1024) }, /^Item size to update has exceeded the maximum allowed size$/],
    ];
    for (const [UpdateExpression, values, message] of refusals) {
      const names = UpdateExpression.includes('#name') ? { '#name': 'name' } : undefined;
      await assert.rejects(
        fx.clients.doc.send(
          new UpdateCommand({
            TableName: fx.Song,
            Key: { id },
            UpdateExpression,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
          }),
        ),
        { name: 'ValidationException', message },
        UpdateExpression,
      );
    }
    assert.deepEqual(await getSong(id), song(id));
  });
});

describe('grants', () => {
  test('grantWriteData writes but cannot read; a read-only role cannot write', async () => {
    const writer = functionClients(fx.backend, WRITE_ONLY);
    const id = randomUUID();
    await writer.doc.send(new PutCommand({ TableName: fx.Song, Item: song(id) }));
    await writer.doc.send(
      new UpdateCommand({
        TableName: fx.Song,
        Key: { id },
        UpdateExpression: 'SET plays = :n',
        ExpressionAttributeValues: { ':n': 1 },
      }),
    );
    await assert.rejects(writer.doc.send(new GetCommand({ TableName: fx.Song, Key: { id } })), {
      name: 'AccessDeniedException',
    });
    const reader = functionClients(fx.backend, ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query']);
    const refused: [string, PutCommand | UpdateCommand | DeleteCommand][] = [
      ['PutItem', new PutCommand({ TableName: fx.Song, Item: song(id) })],
      ['UpdateItem', new UpdateCommand({ TableName: fx.Song, Key: { id }, UpdateExpression: 'REMOVE plays' })],
      ['DeleteItem', new DeleteCommand({ TableName: fx.Song, Key: { id } })],
    ];
    for (const [action, command] of refused) {
      await assert.rejects(reader.doc.send(command as never), {
        name: 'AccessDeniedException',
        message: new RegExp(
          `is not authorized to perform: dynamodb:${action} on resource: arn:aws:dynamodb:us-east-1:000000000000:table/${fx.Song} because no identity-based policy allows the dynamodb:${action} action$`,
        ),
      });
    }
    assert.equal((await getSong(id))?.['plays'], 1);
  });
});

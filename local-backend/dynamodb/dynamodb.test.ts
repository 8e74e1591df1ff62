import {
  BatchGetItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  paginateScan,
  QueryCommand,
  ScanCommand as DocScan,
} from '@aws-sdk/lib-dynamodb';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import type { DynamoDbService } from './index.ts';

let backend: TestBackend;
let dynamodb: DynamoDbService;
let endpoint: string;
let songTable: string;
let albumTable: string;
const songIds: string[] = [];

/** A function's client: the endpoint its runtime sets (AWS_ENDPOINT_URL_DYNAMODB) and its role's credentials. */
function clientFor(
  actions: string[],
  resources: (table: { arn: string }) => string[] = (t) => [t.arn],
  model = 'Song',
) {
  const table = dynamodb.tables.byModel(model)!;
  const principal = `test-role-${randomUUID().slice(0, 8)}/test`;
  const creds = backend.identityService.admin.issueRoleCredentials(principal, []);
  dynamodb.grant(creds, principal, [{ actions, resources: resources(table) }]);
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
}

const READ = ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:DescribeTable'];

before(async () => {
  backend = await startTestBackend({ seed: false });
  // The backend's one port, as a function's AWS_ENDPOINT_URL_DYNAMODB names it.
  dynamodb = backend.dynamodb!;
  endpoint = backend.baseUrl;
  songTable = dynamodb.tables.byModel('Song')!.name;
  albumTable = dynamodb.tables.byModel('PhotoAlbum')!.name;
  const at = new Date().toISOString();
  backend.data!.store.transaction(() => {
    for (let i = 0; i < 1200; i++) {
      const id = randomUUID();
      songIds.push(id);
      backend.data!.store.insert('Song', id, {
        id,
        name: `Song ${String(i).padStart(4, '0')}`,
        ...(i % 3 === 0 ? { coverArtPath: `images/${id}/cover.png` } : { coverArtPath: null }),
        __typename: 'Song',
        createdAt: at,
        updatedAt: at,
      });
    }
  });
});

after(async () => {
  await backend.stop();
});

describe('tables as Amplify Gen 2 names them', () => {
  test('ListTables and DescribeTable: <Model>-<apiId>-NONE keyed on id, with the item count', async () => {
    const client = clientFor(['dynamodb:ListTables', 'dynamodb:DescribeTable'], () => ['*']);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    // One table per model of the schema, named <Model>-<apiId>-NONE with the one API id.
    const models = Object.keys(backend.data!.definitions.modelIntrospection.models);
    const apiId = songTable.split('-')[1];
    assert.deepEqual(TableNames, models.map((m) => `${m}-${apiId}-NONE`).sort());
    assert.ok(TableNames.includes(albumTable));
    assert.match(songTable, /^Song-[a-z0-9]{26}-NONE$/);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: songTable }));
    assert.deepEqual(Table?.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
    assert.equal(Table?.ItemCount, 1200);
    assert.equal(Table?.TableStatus, 'ACTIVE');
  });

  test('an unknown table is ResourceNotFoundException', async () => {
    const client = clientFor(READ, () => ['*']);
    await assert.rejects(client.send(new ScanCommand({ TableName: 'Nope-x-NONE' })), {
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found',
    });
  });
});

describe('Scan', () => {
  test('4 parallel segments, paged by 100, return every item exactly once', async () => {
    const doc = DynamoDBDocumentClient.from(clientFor(READ));
    const seen: string[] = [];
    const perSegment = await Promise.all(
      [0, 1, 2, 3].map(async (segment) => {
        let n = 0;
        for await (const page of paginateScan(
          { client: doc, pageSize: 100 },
          { TableName: songTable, Segment: segment, TotalSegments: 4 },
        )) {
          assert.ok((page.Items?.length ?? 0) <= 100);
          for (const item of page.Items ?? []) seen.push(item['id'] as string);
          n += page.Items?.length ?? 0;
        }
        return n;
      }),
    );
    assert.equal(seen.length, 1200);
    assert.deepEqual([...seen].sort(), [...songIds].sort());
    // Random UUIDs fall into each quarter of the key range.
    for (const n of perSegment) assert.ok(n > 200 && n < 400, `segment sizes ${perSegment.join(', ')}`);
  });

  test('Limit counts items read, the filter applies after; LastEvaluatedKey continues the scan', async () => {
    const doc = DynamoDBDocumentClient.from(clientFor(READ));
    const page = await doc.send(
      new DocScan({
        TableName: songTable,
        Limit: 30,
        FilterExpression: 'attribute_exists(#c) AND begins_with(#c, :prefix)',
        ExpressionAttributeNames: { '#c': 'coverArtPath' },
        ExpressionAttributeValues: { ':prefix': 'images/' },
      }),
    );
    assert.equal(page.ScannedCount, 30);
    assert.ok(page.Items!.every((i) => String(i['coverArtPath']).startsWith('images/')));
    assert.ok(page.LastEvaluatedKey?.['id']);
    const next = await doc.send(
      new DocScan({ TableName: songTable, Limit: 5, ExclusiveStartKey: page.LastEvaluatedKey }),
    );
    assert.ok(String(next.Items![0]!['id']) > String(page.LastEvaluatedKey!['id']));
  });

  test('Select COUNT, ProjectionExpression and contains / comparisons in a filter', async () => {
    const client = clientFor(READ);
    const count = await client.send(
      new ScanCommand({
        TableName: songTable,
        Select: 'COUNT',
        FilterExpression: 'contains(#n, :digit) AND #n >= :from',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':digit': { S: '7' }, ':from': { S: 'Song 1000' } },
      }),
    );
    const expected = Array.from({ length: 1200 }, (_, i) => `Song ${String(i).padStart(4, '0')}`).filter(
      (n) => n.includes('7') && n >= 'Song 1000',
    ).length;
    assert.equal(count.Count, expected);
    assert.equal(count.Items, undefined);
    const projected = await client.send(
      new ScanCommand({ TableName: songTable, Limit: 3, ProjectionExpression: 'id, createdAt' }),
    );
    for (const item of projected.Items!) assert.deepEqual(Object.keys(item).sort(), ['createdAt', 'id']);
  });

  test('pages stop at 1 MB read', async () => {
    const big = 'x'.repeat(200_000);
    const ids = Array.from({ length: 8 }, () => randomUUID());
    backend.data!.store.transaction(() => {
      for (const id of ids) backend.data!.store.insert('PhotoAlbum', id, { id, name: big, __typename: 'PhotoAlbum' });
    });
    const page = await clientFor(READ, undefined, 'PhotoAlbum').send(new ScanCommand({ TableName: albumTable }));
    assert.equal(page.Count, 6); // 6 × ~200 KB passes 1 MB
    assert.ok(page.LastEvaluatedKey);
  });

  test('DynamoDB validation messages', async () => {
    const client = clientFor(READ);
    await assert.rejects(client.send(new ScanCommand({ TableName: songTable, Segment: 4, TotalSegments: 4 })), {
      name: 'ValidationException',
      message:
        'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4',
    });
    await assert.rejects(client.send(new ScanCommand({ TableName: songTable, Segment: 1 })), {
      name: 'ValidationException',
      message:
        'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
    });
    await assert.rejects(
      client.send(
        new ScanCommand({
          TableName: songTable,
          FilterExpression: '#a = :b',
          ExpressionAttributeNames: { '#a': 'name' },
        }),
      ),
      {
        name: 'ValidationException',
        message:
          'Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :b',
      },
    );
    await assert.rejects(
      client.send(new ScanCommand({ TableName: songTable, ExpressionAttributeValues: { ':unused': { S: 'x' } } })),
      {
        name: 'ValidationException',
        message: 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
      },
    );
    await assert.rejects(
      client.send(
        new ScanCommand({
          TableName: songTable,
          FilterExpression: 'id = = :x',
          ExpressionAttributeValues: { ':x': { S: 'a' } },
        }),
      ),
      {
        name: 'ValidationException',
        message: /^Invalid FilterExpression: Syntax error; token: "="/,
      },
    );
  });
});

describe('Query, GetItem, BatchGetItem', () => {
  test('Query on the partition key and GetItem find the record; a missing one is no Item', async () => {
    const doc = DynamoDBDocumentClient.from(clientFor(READ));
    const id = songIds[7]!;
    const q = await doc.send(
      new QueryCommand({
        TableName: songTable,
        KeyConditionExpression: 'id = :id',
        ExpressionAttributeValues: { ':id': id },
      }),
    );
    assert.deepEqual(
      q.Items?.map((i) => i['name']),
      ['Song 0007'],
    );
    const got = await doc.send(new GetCommand({ TableName: songTable, Key: { id } }));
    assert.equal(got.Item?.['name'], 'Song 0007');
    assert.equal((await doc.send(new GetCommand({ TableName: songTable, Key: { id: 'no-such-id' } }))).Item, undefined);
    await assert.rejects(doc.send(new GetCommand({ TableName: songTable, Key: { name: 'x' } })), {
      name: 'ValidationException',
      message: 'The provided key element does not match the schema',
    });
    await assert.rejects(
      doc.send(
        new QueryCommand({
          TableName: songTable,
          KeyConditionExpression: '#n = :n',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: { ':n': 'x' },
        }),
      ),
      { name: 'ValidationException', message: 'Query condition missed key schema element: id' },
    );
  });

  test('BatchGetItem answers found keys; over 100 keys is refused; past 16 MB the rest is UnprocessedKeys', async () => {
    const client = clientFor(READ, (t) => [t.arn, dynamodb.tables.byModel('PhotoAlbum')!.arn]);
    const keys = songIds.slice(0, 50).map((id) => ({ id: { S: id } }));
    const answer = await client.send(
      new BatchGetItemCommand({ RequestItems: { [songTable]: { Keys: keys, ProjectionExpression: 'id' } } }),
    );
    assert.equal(answer.Responses?.[songTable]?.length, 50);
    assert.deepEqual(answer.UnprocessedKeys, {});
    const tooMany = songIds.slice(0, 101).map((id) => ({ id: { S: id } }));
    await assert.rejects(client.send(new BatchGetItemCommand({ RequestItems: { [songTable]: { Keys: tooMany } } })), {
      name: 'ValidationException',
      message: 'Too many items requested for the BatchGetItem call',
    });
    // 60 albums of ~350 KB: 16 MB is reached after 47 of them.
    const big = 'y'.repeat(350_000);
    const ids = Array.from({ length: 60 }, () => randomUUID());
    backend.data!.store.transaction(() => {
      for (const id of ids) backend.data!.store.insert('PhotoAlbum', id, { id, name: big, __typename: 'PhotoAlbum' });
    });
    const large = await client.send(
      new BatchGetItemCommand({ RequestItems: { [albumTable]: { Keys: ids.map((id) => ({ id: { S: id } })) } } }),
    );
    const got = large.Responses?.[albumTable]?.length ?? 0;
    const left = large.UnprocessedKeys?.[albumTable]?.Keys?.length ?? 0;
    assert.ok(got > 0 && left > 0, `answered ${got}, unprocessed ${left}`);
    assert.equal(got + left, 60);
  });
});

describe('who may call it', () => {
  test("a role without the action or the table's grant is refused with IAM's message", async () => {
    const scanOnly = clientFor(['dynamodb:Scan']);
    await assert.rejects(scanOnly.send(new GetItemCommand({ TableName: songTable, Key: { id: { S: songIds[0]! } } })), {
      name: 'AccessDeniedException',
      message: new RegExp(
        `is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/${songTable} because no identity-based policy allows the dynamodb:GetItem action$`,
      ),
    });
    await assert.rejects(scanOnly.send(new ScanCommand({ TableName: albumTable })), { name: 'AccessDeniedException' });
    assert.equal((await scanOnly.send(new ScanCommand({ TableName: songTable, Limit: 1 }))).Count, 1);
  });

  test('an operation the local DynamoDB does not serve says so', async () => {
    const client = clientFor(['dynamodb:*']);
    await assert.rejects(
      client.send(
        new CreateTableCommand({
          TableName: 'Extra',
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        }),
      ),
      {
        name: 'UnknownOperationException',
        message: /; CreateTable is not served$/,
      },
    );
  });

  test('an unknown key and a wrong secret are refused as DynamoDB refuses them', async () => {
    const unknown = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'ASIANOSUCHKEY', secretAccessKey: 'x', sessionToken: 'y' },
      maxAttempts: 1,
    });
    await assert.rejects(unknown.send(new ScanCommand({ TableName: songTable })), {
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    const creds = backend.identityService.admin.issueRoleCredentials('forger/forger', []);
    dynamodb.grant(creds, 'forger/forger', [{ actions: ['dynamodb:*'], resources: ['*'] }]);
    const forged = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { ...creds, secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
    });
    await assert.rejects(forged.send(new ScanCommand({ TableName: songTable })), { name: 'InvalidSignatureException' });
  });
});

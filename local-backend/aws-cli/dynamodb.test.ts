import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { awsCli, type Cli } from './cli.ts';

// The local DynamoDB endpoint (the one functions' SDKs reach) through AWS CLI v2, signed with a
// role's credentials as a function's execution role gets them and granted as its statements say.

type Item = Record<string, { S?: string }>;

let backend: TestBackend;
let table: string;
const clis: Cli[] = [];
const ids: string[] = [];
const SONGS = 25;

const READ = ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem'];

/** A CLI signing as a new role allowed `actions` on the Song table. */
function roleCli(actions: string[]): Cli {
  const dynamodb = backend.dynamodb!;
  const principal = `cli-role-${randomUUID().slice(0, 8)}/cli`;
  const creds = backend.identityService.admin.issueRoleCredentials(principal, []);
  dynamodb.grant(creds, principal, [{ actions, resources: [dynamodb.tables.byModel('Song')!.arn] }]);
  const cli = awsCli(backend.baseUrl, creds);
  clis.push(cli);
  return cli;
}

const idsOf = (items: Item[]) => items.map((i) => i['id']!.S!);

before(async () => {
  backend = await startTestBackend({ seed: false });
  table = backend.dynamodb!.tables.byModel('Song')!.name;
  const at = new Date().toISOString();
  backend.data!.store.transaction(() => {
    for (let i = 0; i < SONGS; i++) {
      const id = randomUUID();
      ids.push(id);
      const name = `Song ${String(i).padStart(2, '0')}`;
      backend.data!.store.insert('Song', id, { id, name, __typename: 'Song', createdAt: at, updatedAt: at });
    }
  });
});
after(async () => {
  for (const cli of clis) cli.dispose();
  await backend.stop();
});

describe('aws dynamodb', () => {
  test('scan in 2 segments, 4 items a request: every item exactly once', async () => {
    const cli = roleCli(READ);
    const segments = await Promise.all(
      [0, 1].map(async (segment) => {
        const args = ['--segment', String(segment), '--total-segments', '2', '--page-size', '4'];
        return (await cli.run(['dynamodb', 'scan', '--table-name', table, ...args])).json<{ Items: Item[] }>();
      }),
    );
    const seen = segments.flatMap((s) => idsOf(s.Items));
    assert.equal(seen.length, SONGS);
    assert.deepEqual([...seen].sort(), [...ids].sort());
    assert.ok(
      segments.every((s) => s.Items.length > 0 && s.Items.length < SONGS),
      'both segments hold some',
    );
  });

  test('scan pages with --max-items and --starting-token', async () => {
    const cli = roleCli(READ);
    const scan = (extra: string[]) =>
      cli.run(['dynamodb', 'scan', '--table-name', table, '--page-size', '4', ...extra]);
    const first = (await scan(['--max-items', '10'])).json<{ Items: Item[]; NextToken: string }>();
    assert.equal(first.Items.length, 10);
    assert.ok(first.NextToken);
    const rest = (await scan(['--starting-token', first.NextToken])).json<{ Items: Item[]; NextToken?: string }>();
    assert.equal(rest.Items.length, SONGS - 10);
    assert.equal(rest.NextToken, undefined);
    assert.deepEqual([...idsOf(first.Items), ...idsOf(rest.Items)].sort(), [...ids].sort());
  });

  test('get-item, batch-get-item and query on the key find the records', async () => {
    const cli = roleCli(READ);
    const key = (id: string) => JSON.stringify({ id: { S: id } });
    const got = (await cli.run(['dynamodb', 'get-item', '--table-name', table, '--key', key(ids[3]!)])).json<{
      Item: Item;
    }>();
    assert.equal(got.Item['name']!.S, 'Song 03');
    const missing = await cli.run(['dynamodb', 'get-item', '--table-name', table, '--key', key('no-such-id')]);
    assert.equal(missing.stdout.toString().trim(), '', 'no Item: the CLI prints nothing');

    const wanted = [ids[0]!, ids[5]!, 'no-such-id'];
    const request = { [table]: { Keys: wanted.map((id) => ({ id: { S: id } })), ProjectionExpression: 'id, #n' } };
    const batch = (
      await cli.run([
        'dynamodb',
        'batch-get-item',
        '--request-items',
        JSON.stringify({ [table]: { ...request[table], ExpressionAttributeNames: { '#n': 'name' } } }),
      ])
    ).json<{ Responses: Record<string, Item[]>; UnprocessedKeys: object }>();
    assert.deepEqual(batch.Responses[table]!.map((i) => i['name']!.S).sort(), ['Song 00', 'Song 05']);
    assert.deepEqual(batch.UnprocessedKeys, {});

    const queried = (
      await cli.run([
        'dynamodb',
        'query',
        '--table-name',
        table,
        '--key-condition-expression',
        'id = :id',
        '--expression-attribute-values',
        JSON.stringify({ ':id': { S: ids[7]! } }),
      ])
    ).json<{ Items: Item[]; Count: number }>();
    assert.equal(queried.Count, 1);
    assert.equal(queried.Items[0]!['name']!.S, 'Song 07');
  });
});

describe('errors as the CLI prints them', () => {
  test('a query off the key and a segment without its total: ValidationException', async () => {
    const cli = roleCli(READ);
    const offKey = await cli.run([
      'dynamodb',
      'query',
      '--table-name',
      table,
      '--key-condition-expression',
      '#n = :n',
      '--expression-attribute-names',
      '{"#n":"name"}',
      '--expression-attribute-values',
      '{":n":{"S":"Song 01"}}',
    ]);
    assert.equal(offKey.code, 254);
    assert.match(
      offKey.stderr,
      /\(ValidationException\) when calling the Query operation.*: Query condition missed key schema element: id$/m,
    );
    const segment = await cli.run(['dynamodb', 'scan', '--table-name', table, '--segment', '1']);
    assert.match(
      segment.stderr,
      /\(ValidationException\) when calling the Scan operation.*TotalSegments parameter is required/,
    );
  });

  test('a put conditioned on the record not existing is refused and changes nothing', async () => {
    const cli = roleCli(['dynamodb:*']);
    const put = await cli.run([
      'dynamodb',
      'put-item',
      '--table-name',
      table,
      '--item',
      JSON.stringify({ id: { S: ids[0]! }, name: { S: 'overwritten' } }),
      '--condition-expression',
      'attribute_not_exists(id)',
    ]);
    assert.equal(put.code, 254);
    assert.match(
      put.stderr,
      /\(ConditionalCheckFailedException\) when calling the PutItem operation.*: The conditional request failed$/m,
    );
    assert.equal(backend.data!.store.get('Song', ids[0]!)?.item['name'], 'Song 00');
  });

  test('a role granted Scan only is refused GetItem: AccessDeniedException', async () => {
    const cli = roleCli(['dynamodb:Scan']);
    const got = await cli.run(['dynamodb', 'get-item', '--table-name', table, '--key', `{"id":{"S":"${ids[0]}"}}`]);
    assert.equal(got.code, 254);
    assert.match(
      got.stderr,
      new RegExp(
        `\\(AccessDeniedException\\) when calling the GetItem operation.*is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/${table}`,
      ),
    );
    const counted = (await cli.run(['dynamodb', 'scan', '--table-name', table, '--select', 'COUNT'])).json();
    assert.equal(counted['Count'], SONGS);
  });
});

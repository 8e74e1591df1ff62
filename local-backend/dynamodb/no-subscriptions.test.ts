import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { accessToken, dataOutputs, gql, waitFor } from '../data/testing.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { functionClients, READ_WRITE, song } from './testing.ts';

// In AWS a write straight to a model's table bypasses AppSync, so no subscription hears it; the
// same here. A GraphQL create after the direct writes is the control that the subscription works.

let backend: TestBackend;
before(async () => {
  backend = await startTestBackend();
});
after(() => backend.stop());

test('direct PutItem and UpdateItem fire no onCreateSong/onUpdateSong; a GraphQL create does', async () => {
  const apiKey = dataOutputs(backend).api_key;
  const url = dataOutputs(backend).url.replace(/^http/, 'ws') + '/realtime';
  const header = Buffer.from(JSON.stringify({ host: new URL(url).host, 'x-api-key': apiKey })).toString('base64url');
  const ws = new WebSocket(url, ['graphql-ws', `header-${header}`]);
  const messages: { type: string; id?: string; payload?: { data?: Record<string, { name: string }> } }[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(m.toString()) as (typeof messages)[number]));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await waitFor(() => messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
  for (const [id, field] of [
    ['created', 'onCreateSong'],
    ['updated', 'onUpdateSong'],
  ]) {
    const query = `subscription { ${field} { id name } }`;
    const payload = {
      data: JSON.stringify({ query, variables: {} }),
      extensions: { authorization: { 'x-api-key': apiKey } },
    };
    ws.send(JSON.stringify({ id, type: 'start', payload }));
    await waitFor(() => messages.some((m) => m.id === id && m.type === 'start_ack'), `${field} start_ack`);
  }

  const { doc } = functionClients(backend, READ_WRITE);
  const Song = backend.dynamodb!.tables.byModel('Song')!.name;
  const direct = randomUUID();
  await doc.send(new PutCommand({ TableName: Song, Item: song(direct, { name: 'direct-put' }) }));
  await doc.send(
    new UpdateCommand({
      TableName: Song,
      Key: { id: direct },
      UpdateExpression: 'SET #n = :n',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':n': 'direct-update' },
    }),
  );
  const [admin] = DEMO_ACCOUNTS;
  const token = await accessToken(backend, admin.email, admin.password);
  const created = await gql(backend, { token }, 'mutation { createSong(input: {name: "through-graphql"}) { id } }');
  assert.equal(created.body.errors, undefined);

  await waitFor(() => messages.some((m) => m.type === 'data'), 'the GraphQL create');
  await new Promise((r) => setTimeout(r, 200));
  const data = messages.filter((m) => m.type === 'data');
  assert.deepEqual(
    data.map((m) => [m.id, Object.values(m.payload!.data!)[0]!.name]),
    [['created', 'through-graphql']],
  );
  ws.close();
});

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { accessToken, dataOutputs, gql, waitFor } from './testing.ts';

const [ADMIN, , VIEWER] = DEMO_ACCOUNTS;
let backend: TestBackend;
let adminToken: string;
let viewerToken: string;
let strangerToken: string;

before(async () => {
  backend = await startTestBackend();
  adminToken = await accessToken(backend, ADMIN.email, ADMIN.password);
  viewerToken = await accessToken(backend, VIEWER.email, VIEWER.password);
  backend.identityService.userPool.createUser('stranger@example.com', 'Stranger-2026');
  strangerToken = await accessToken(backend, 'stranger@example.com', 'Stranger-2026');
});

after(async () => {
  await backend?.stop();
});

describe('the ws://-for-http:// client patch (patches/@aws-amplify+api-graphql*.patch)', () => {
  const apiGraphqlDir = dirname(createRequire(import.meta.url).resolve('@aws-amplify/api-graphql/package.json'));
  for (const build of [
    'esm/Providers/AWSWebSocketProvider/appsyncUrl.mjs',
    'cjs/Providers/AWSWebSocketProvider/appsyncUrl.js',
  ]) {
    test(`is applied to the installed ${build.split('/')[0]} build`, async () => {
      const mod = (await import(pathToFileURL(join(apiGraphqlDir, 'dist', build)).href)) as {
        getRealtimeEndpointUrl(url: string): URL;
      };
      const get =
        mod.getRealtimeEndpointUrl ?? (mod as unknown as { default: typeof mod }).default.getRealtimeEndpointUrl;
      assert.equal(
        get('http://localhost:20005/graphql').toString(),
        'ws://localhost:20005/graphql/realtime',
        'The patch no longer applies: run `npm install` (patch-package) or re-create the patch for this client version.',
      );
      // A cloud endpoint is untouched.
      assert.equal(
        get('https://abcdefghijklmnopqrstuvwxyz.appsync-api.us-east-1.amazonaws.com/graphql').toString(),
        'wss://abcdefghijklmnopqrstuvwxyz.appsync-realtime-api.us-east-1.amazonaws.com/graphql',
      );
    });
  }
});

type Message = {
  type: string;
  id?: string;
  payload?: {
    errors?: { errorType: string; message: string }[];
    data?: Record<string, unknown>;
    connectionTimeoutMs?: number;
  };
};

/** A realtime connection opened the way aws-amplify opens it. */
async function connect(headers: Record<string, string>) {
  const url = dataOutputs(backend).url.replace(/^http/, 'ws') + '/realtime';
  const header = Buffer.from(JSON.stringify({ host: new URL(url).host, ...headers })).toString('base64url');
  const ws = new WebSocket(url, ['graphql-ws', `header-${header}`]);
  const messages: Message[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(m.toString()) as Message));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  assert.equal(ws.protocol, 'graphql-ws');
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await waitFor(
    () => messages.some((m) => m.type === 'connection_ack' || m.type === 'connection_error'),
    'connection_ack',
  );
  const start = (
    id: string,
    query: string,
    authorization: Record<string, string>,
    variables: Record<string, unknown> = {},
  ) =>
    ws.send(
      JSON.stringify({
        id,
        type: 'start',
        payload: { data: JSON.stringify({ query, variables }), extensions: { authorization } },
      }),
    );
  const of = (id: string) => messages.filter((m) => m.id === id);
  return { ws, messages, start, of };
}

const ON_CREATE =
  'subscription S($filter: ModelSubscriptionSongFilterInput) { onCreateSong(filter: $filter) { id name } }';

describe('the AppSync realtime protocol', () => {
  test('connection_ack with connectionTimeoutMs and a first ka; stop → complete', async () => {
    const c = await connect({ 'x-api-key': dataOutputs(backend).api_key });
    const ack = c.messages.find((m) => m.type === 'connection_ack')!;
    assert.equal(ack.payload?.connectionTimeoutMs, 300000);
    await waitFor(() => c.messages.some((m) => m.type === 'ka'), 'ka');
    c.start('s1', ON_CREATE, { 'x-api-key': dataOutputs(backend).api_key });
    await waitFor(() => c.of('s1').some((m) => m.type === 'start_ack'), 'start_ack');
    c.ws.send(JSON.stringify({ id: 's1', type: 'stop' }));
    await waitFor(() => c.of('s1').some((m) => m.type === 'complete'), 'complete');
    c.ws.close();
  });

  test('a connection with bad credentials gets connection_error', async () => {
    const c = await connect({ authorization: 'not-a-jwt' });
    const err = c.messages.find((m) => m.type === 'connection_error');
    assert.equal(err?.payload?.errors?.[0]?.errorType, 'UnauthorizedException');
    c.ws.close();
  });

  test('subscribers receive only what their rules let them read, and what their filter selects', async () => {
    const c = await connect({ authorization: viewerToken });
    c.start('viewer', ON_CREATE, { authorization: viewerToken });
    c.start('filtered', ON_CREATE, { authorization: viewerToken }, { filter: { name: { beginsWith: 'rt-keep' } } });
    c.start('stranger', ON_CREATE, { authorization: strangerToken });
    c.start('bad-query', '{ listSongs { items { id } } }', { authorization: viewerToken });
    c.start('bad-field', 'subscription { onCreateSong { id lyrics } }', { authorization: viewerToken });
    await waitFor(() => c.of('viewer').some((m) => m.type === 'start_ack'), 'viewer start_ack');
    await waitFor(() => c.of('filtered').some((m) => m.type === 'start_ack'), 'filtered start_ack');
    await waitFor(() => c.of('stranger').some((m) => m.type === 'error'), 'stranger refused');
    assert.equal(c.of('stranger')[0]!.payload?.errors?.[0]?.errorType, 'Unauthorized');
    await waitFor(() => c.of('bad-query').some((m) => m.type === 'error'), 'a query is not a subscription');
    await waitFor(() => c.of('bad-field').some((m) => m.type === 'error'), 'an unknown field');
    assert.match(c.of('bad-field')[0]!.payload!.errors![0]!.message, /FieldUndefined/);

    for (const name of ['rt-drop', 'rt-keep']) {
      const res = await gql(
        backend,
        { token: adminToken },
        'mutation($n: String!) { createSong(input: {name: $n}) { id } }',
        { n: name },
      );
      assert.equal(res.body.errors, undefined);
    }
    await waitFor(() => c.of('viewer').filter((m) => m.type === 'data').length === 2, 'both creates for the viewer');
    await waitFor(() => c.of('filtered').some((m) => m.type === 'data'), 'the filtered create');
    await new Promise((r) => setTimeout(r, 100));
    const filtered = c.of('filtered').filter((m) => m.type === 'data');
    assert.deepEqual(
      filtered.map((m) => (m.payload!.data!['onCreateSong'] as { name: string }).name),
      ['rt-keep'],
    );
    const first = c.of('viewer').find((m) => m.type === 'data')!;
    assert.deepEqual(
      Object.keys(first.payload!.data!['onCreateSong'] as object).sort(),
      ['id', 'name'],
      'the selection set is honoured',
    );
    c.ws.close();
  });

  test('a refused mutation is not published', async () => {
    const c = await connect({ 'x-api-key': dataOutputs(backend).api_key });
    c.start('k', ON_CREATE, { 'x-api-key': dataOutputs(backend).api_key });
    await waitFor(() => c.of('k').some((m) => m.type === 'start_ack'), 'start_ack');
    const refused = await gql(backend, { token: viewerToken }, 'mutation { createSong(input: {name: "nope"}) { id } }');
    assert.equal(refused.body.errors?.[0]?.['errorType'], 'Unauthorized');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(c.of('k').filter((m) => m.type === 'data').length, 0);
    c.ws.close();
  });
});

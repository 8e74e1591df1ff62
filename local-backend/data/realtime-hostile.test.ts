import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { openRawWebSocket, textMessages } from './raw-websocket.ts';
import {
  CONNECTION_INIT_TIMEOUT_MS,
  MAX_BACKLOG_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
} from './realtime-limits.ts';
import { accessToken, dataOutputs, gql, waitFor } from './testing.ts';

/*
 * Hostile realtime input: each one closes or answers its own socket only, while a witness client
 * subscribed on the same backend keeps receiving events and HTTP GraphQL keeps answering.
 */
const [ADMIN] = DEMO_ACCOUNTS;
const ON_CREATE = 'subscription { onCreateSong { id name } }';
let backend: TestBackend;
let adminToken: string;
let apiKey: string;
let witness: Client;

type Message = {
  type: string;
  id?: string;
  payload?: { errors?: { errorType: string; message: string }[]; data?: { onCreateSong?: { name: string } } };
};
const named = (m: Message, name: string) => m.type === 'data' && m.payload?.data?.onCreateSong?.name === name;

interface Client {
  ws: WebSocket;
  messages: Message[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
}

const realtimeUrl = () => dataOutputs(backend).url.replace(/^http/, 'ws') + '/realtime';
const authProtocol = () =>
  'header-' +
  Buffer.from(JSON.stringify({ host: new URL(realtimeUrl()).host, 'x-api-key': apiKey })).toString('base64url');

async function open(): Promise<Client> {
  const ws = new WebSocket(realtimeUrl(), ['graphql-ws', authProtocol()]);
  const messages: Message[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(m.toString()) as Message));
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, messages, closed, send: (message) => ws.send(JSON.stringify(message)) };
}

async function initialized(): Promise<Client> {
  const c = await open();
  c.send({ type: 'connection_init' });
  await waitFor(() => c.messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
  return c;
}

const start = (id: string) => ({
  type: 'start',
  id,
  payload: {
    data: JSON.stringify({ query: ON_CREATE, variables: {} }),
    extensions: { authorization: { 'x-api-key': apiKey } },
  },
});

async function createSong(name: string): Promise<void> {
  const res = await gql(
    backend,
    { token: adminToken },
    'mutation($n: String!) { createSong(input: {name: $n}) { id } }',
    {
      n: name,
    },
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.errors, undefined);
}

/** The witness still gets a new record's event, and an HTTP query still answers; the record's name. */
async function stillServing(label: string): Promise<string> {
  const name = `witness ${label} ${Date.now()}`;
  await createSong(name);
  await waitFor(() => witness.messages.some((m) => named(m, name)), `the witness's event after ${label}`);
  const listed = await gql(backend, { apiKey }, '{ listSongs(limit: 1) { items { id } } }');
  assert.equal(listed.status, 200);
  assert.equal(listed.body.errors, undefined);
  assert.equal(witness.ws.readyState, WebSocket.OPEN);
  return name;
}

before(async () => {
  backend = await startTestBackend();
  adminToken = await accessToken(backend, ADMIN.email, ADMIN.password);
  apiKey = dataOutputs(backend).api_key;
  witness = await initialized();
  witness.send(start('witness'));
  await waitFor(() => witness.messages.some((m) => m.type === 'start_ack'), 'the witness start_ack');
});

after(async () => {
  witness?.ws.close();
  await backend?.stop();
});

// Concurrent: the connection_init timeout runs while the other cases do.
describe('hostile realtime input closes or answers only its own socket', { concurrency: true }, () => {
  test('a frame over the message size limit closes that socket with 1009', async () => {
    const c = await initialized();
    c.ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    assert.equal((await c.closed).code, 1009);
    await stillServing('an oversized frame');
  });

  test('a binary frame closes that socket with 1003', async () => {
    const c = await initialized();
    c.ws.send(Buffer.from(JSON.stringify(start('bin'))), { binary: true });
    assert.equal((await c.closed).code, 1003);
    await stillServing('a binary frame');
  });

  test('broken frames close with the protocol’s code; a truncated one just ends', async () => {
    const cases: [string, number | null, (raw: Awaited<ReturnType<typeof openRawWebSocket>>) => Buffer][] = [
      ['a reserved opcode', 1002, (r) => r.frame(0x3, 'x')],
      ['an unmasked client frame', 1002, (r) => r.frame(0x1, '{"type":"connection_init"}', { masked: false })],
      ['a continuation with nothing to continue', 1002, (r) => r.frame(0x0, 'x')],
      ['invalid UTF-8 in a text frame', 1007, (r) => r.frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))],
      ['a frame cut short', null, (r) => r.frame(0x1, 'x'.repeat(1000)).subarray(0, 20)],
    ];
    for (const [what, code, bytes] of cases) {
      const raw = await openRawWebSocket(realtimeUrl(), ['graphql-ws']);
      raw.socket.write(bytes(raw));
      if (code === null) raw.socket.end();
      assert.equal(await raw.closed, code, what);
      await stillServing(what);
    }
  });

  test('invalid or truncated JSON gets an error and the socket stays usable', async () => {
    const c = await open();
    c.ws.send('{"type":"connection_init"');
    c.ws.send('');
    await waitFor(() => c.messages.filter((m) => m.type === 'error').length === 2, 'two errors');
    assert.deepEqual(
      c.messages.map((m) => m.payload?.errors?.[0]?.errorType),
      ['MalformedMessage', 'MalformedMessage'],
    );
    c.send({ type: 'connection_init' });
    await waitFor(() => c.messages.some((m) => m.type === 'connection_ack'), 'connection_ack after the errors');
    c.ws.close();
    await stillServing('invalid JSON');
  });

  test('start before connection_init, a second connection_init, unknown and malformed messages get errors', async () => {
    const c = await open();
    c.send(start('early'));
    await waitFor(() => c.messages.some((m) => m.id === 'early'), 'the early start refused');
    assert.equal(c.messages[0]?.type, 'error');
    assert.equal(c.messages[0]?.payload?.errors?.[0]?.errorType, 'BadRequestException');
    c.send({ type: 'connection_init' });
    await waitFor(() => c.messages.some((m) => m.type === 'ka'), 'the first ka');
    const answers = (from: number) => c.messages.slice(from).filter((m) => m.type !== 'ka');
    const before = c.messages.length;
    for (const message of [
      { type: 'connection_init' },
      { type: 'subscribe', id: 'x' },
      { type: 'connection_terminate' },
      [1, 2],
      42,
      { id: 'no-type' },
      { type: 'start', payload: {} },
      { type: 'start', id: 'no-data', payload: { data: 7 } },
      { type: 'stop' },
    ]) {
      c.send(message);
    }
    await waitFor(() => answers(before).length === 9, 'nine answers');
    assert.deepEqual(
      answers(before).map((m) => [m.type, m.payload?.errors?.[0]?.errorType]),
      [
        ['error', 'BadRequestException'],
        ['error', 'UnsupportedOperation'],
        ['error', 'UnsupportedOperation'],
        ['error', 'UnsupportedOperation'],
        ['error', 'UnsupportedOperation'],
        ['error', 'UnsupportedOperation'],
        ['error', 'BadRequestException'],
        ['error', 'BadRequestException'],
        ['error', 'BadRequestException'],
      ],
    );
    assert.equal(
      answers(before)[1]?.payload?.errors?.[0]?.message,
      'subscribe not supported through the realtime channel',
    );
    c.send(start('after-all-that'));
    await waitFor(
      () => c.messages.some((m) => m.id === 'after-all-that' && m.type === 'start_ack'),
      'a start still works',
    );
    c.ws.close();
    await stillServing('unknown messages');
  });

  test(`more than ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions on one connection are refused; a reused id too`, async () => {
    const c = await initialized();
    const total = MAX_SUBSCRIPTIONS_PER_CONNECTION + 20;
    for (let i = 0; i < total; i++) c.send(start(`s${i}`));
    c.send(start('s0'));
    await waitFor(
      () => c.messages.filter((m) => m.type !== 'data' && m.id?.startsWith('s')).length === total + 1,
      'an answer to each start',
    );
    const acked = c.messages.filter((m) => m.type === 'start_ack');
    const refused = c.messages.filter((m) => m.payload?.errors?.[0]?.errorType === 'MaxSubscriptionsReachedError');
    const duplicated = c.messages.filter((m) => m.payload?.errors?.[0]?.errorType === 'DuplicatedOperationError');
    assert.equal(acked.length, MAX_SUBSCRIPTIONS_PER_CONNECTION);
    assert.equal(refused.length, 20);
    assert.equal(duplicated.length, 1);
    // A stopped subscription frees its place.
    c.send({ type: 'stop', id: 's0' });
    c.send(start('again'));
    await waitFor(() => c.messages.some((m) => m.id === 'again' && m.type === 'start_ack'), 'a start once one stopped');
    const name = await stillServing('too many subscriptions');
    const events = () => c.messages.filter((m) => named(m, name));
    await waitFor(() => events().length === MAX_SUBSCRIPTIONS_PER_CONNECTION, 'one event per subscription');
    c.ws.close();
  });

  test('a socket that never sends connection_init is closed with 1008 after the timeout', async () => {
    const c = await open();
    const opened = Date.now();
    const { code } = await c.closed;
    const waited = Date.now() - opened;
    assert.equal(code, 1008);
    assert.ok(waited >= CONNECTION_INIT_TIMEOUT_MS - 100, `closed after ${waited} ms`);
    assert.ok(waited < CONNECTION_INIT_TIMEOUT_MS + 5000, `closed after ${waited} ms`);
    await stillServing('an idle socket');
  });
});

// Alone: the other cases' clients read in this same process and would fall behind its 75 MB too.
describe('a client that stops reading', () => {
  test('is dropped once its backlog passes the bound', async () => {
    const raw = await openRawWebSocket(realtimeUrl(), ['graphql-ws', authProtocol()]);
    raw.socket.write(raw.frame(0x1, JSON.stringify({ type: 'connection_init' })));
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CONNECTION; i++) {
      raw.socket.write(raw.frame(0x1, JSON.stringify(start(`slow${i}`))));
    }
    await waitFor(
      () =>
        textMessages(raw.received()).filter((m) => m.type === 'start_ack').length === MAX_SUBSCRIPTIONS_PER_CONNECTION,
      'every start_ack',
    );
    raw.socket.pause();
    // Each create fans out to 100 subscriptions of ~150 KB: 15 MB a create for this client.
    const creates = 5;
    for (let i = 0; i < creates; i++) await createSong(`big ${i} ${'n'.repeat(150 * 1024)}`);
    await stillServing('a slow reader');
    raw.socket.resume();
    assert.equal(await raw.closed, null, 'dropped without a close frame');
    const delivered = textMessages(raw.received()).filter((m) => m.type === 'data').length;
    assert.ok(
      delivered < creates * MAX_SUBSCRIPTIONS_PER_CONNECTION,
      `${delivered} of ${creates * MAX_SUBSCRIPTIONS_PER_CONNECTION} events delivered (bound ${MAX_BACKLOG_BYTES} bytes)`,
    );
  });
});

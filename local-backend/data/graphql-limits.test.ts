import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { MAX_QUERY_DEPTH, MAX_QUERY_TOKENS } from './graphql-limits.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { accessToken, dataOutputs, gql, type GqlResult } from './testing.ts';

/* One GraphQL request must not stall the others: refused by AppSync's limits, or answered in slices. */
let backend: TestBackend;
let apiKey: string;
const TRIVIAL = '{ listSongs(limit: 1) { items { id } } }';
/** Generous for a loaded 2-core machine; before the limits, a concurrent request waited 8.7 s. */
const CONCURRENT_LATENCY_BOUND_MS = 400;

before(async () => {
  backend = await startTestBackend();
  apiKey = dataOutputs(backend).api_key;
  const token = await accessToken(backend, DEMO_ACCOUNTS[0].email, DEMO_ACCOUNTS[0].password);
  for (let i = 0; i < 100; i++) {
    const res = await gql(backend, { token }, 'mutation($n: String!) { createSong(input: {name: $n}) { id } }', {
      n: `filler ${i}`,
    });
    assert.equal(res.body.errors, undefined);
  }
});

after(async () => {
  await backend?.stop();
});

const aliases = (count: number) =>
  '{' + Array.from({ length: count }, (_, i) => `a${i}: listSongs(limit: 100) { items { id name } }`).join(' ') + '}';

/** Sends `query`, and trivial queries one after another while it runs: its answer and their latencies. */
async function withConcurrentTrivial(query: string): Promise<{ answer: GqlResult; latencies: number[] }> {
  let done = false;
  const big = gql(backend, { apiKey }, query).finally(() => (done = true));
  const latencies: number[] = [];
  do {
    const started = performance.now();
    const trivial = await gql(backend, { apiKey }, TRIVIAL);
    latencies.push(performance.now() - started);
    assert.equal(trivial.status, 200);
    assert.equal(trivial.body.errors, undefined);
  } while (!done);
  return { answer: await big, latencies };
}

function reportLatencies(t: TestContext, latencies: number[]): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  const max = sorted.at(-1)!;
  t.diagnostic(`${sorted.length} concurrent trivial queries: median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms`);
  assert.ok(max < CONCURRENT_LATENCY_BOUND_MS, `a concurrent query waited ${max.toFixed(0)} ms`);
}

describe('AppSync’s query limits on POST /graphql', () => {
  test('10,000 aliases of listSongs(limit: 100) are refused before parsing; a concurrent query is not held', async (t) => {
    const { answer, latencies } = await withConcurrentTrivial(aliases(10_000));
    assert.equal(answer.status, 400);
    assert.equal(answer.body.data, null);
    assert.equal(answer.body.errors?.[0]?.['errorType'], 'MalformedHttpRequestException');
    assert.match(String(answer.body.errors?.[0]?.['message']), new RegExp(`more than ${MAX_QUERY_TOKENS} tokens`));
    reportLatencies(t, latencies);
  });

  test('the largest document under the token limit is answered whole while concurrent queries keep answering', async (t) => {
    // 15 tokens an alias.
    const count = Math.floor((MAX_QUERY_TOKENS - 2) / 15);
    const { answer, latencies } = await withConcurrentTrivial(aliases(count));
    assert.equal(answer.status, 200);
    assert.equal(answer.body.errors, undefined);
    const data = answer.body.data!;
    assert.equal(Object.keys(data).length, count);
    for (const key of [`a0`, `a${count >> 1}`, `a${count - 1}`]) {
      assert.equal((data[key] as { items: unknown[] }).items.length, 100, key);
    }
    reportLatencies(t, latencies);
  });

  test(`a query nested deeper than ${MAX_QUERY_DEPTH} levels is refused; ${MAX_QUERY_DEPTH} levels are answered`, async () => {
    // __schema, types, fields, type, then ofType levels, then name.
    const nested = (ofTypes: number) =>
      `{ __schema { types { fields { type { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } } } } }`;
    const deepest = await gql(backend, { apiKey }, nested(MAX_QUERY_DEPTH - 5));
    assert.equal(deepest.status, 200);
    assert.equal(deepest.body.errors, undefined);
    assert.ok(Array.isArray((deepest.body.data?.['__schema'] as { types: unknown[] }).types));

    const tooDeep = await gql(backend, { apiKey }, nested(MAX_QUERY_DEPTH - 4));
    assert.equal(tooDeep.status, 200);
    assert.equal(tooDeep.body.data, null);
    assert.equal(tooDeep.body.errors?.[0]?.['errorType'], 'ValidationError');
    assert.match(
      String(tooDeep.body.errors?.[0]?.['message']),
      new RegExp(`^Query depth limit of ${MAX_QUERY_DEPTH} exceeded: the query nests ${MAX_QUERY_DEPTH + 1} levels`),
    );
  });

  test('depth through fragments counts where they are spread', async () => {
    const levels = MAX_QUERY_DEPTH - 4;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on __Type { ofType { ${i + 1 < levels ? `...F${i + 1}` : 'name'} } }`,
    ).join(' ');
    const res = await gql(backend, { apiKey }, `{ __schema { types { fields { type { ...F0 } } } } } ${fragments}`);
    assert.equal(res.body.data, null);
    assert.match(
      String(res.body.errors?.[0]?.['message']),
      new RegExp(`^Query depth limit of ${MAX_QUERY_DEPTH} exceeded`),
    );
  });

  test('5,000 levels of braces are refused as a syntax error, not a crashed parser', async () => {
    const res = await gql(backend, { apiKey }, '{' + 'a{'.repeat(5000) + 'b' + '}'.repeat(5001));
    assert.equal(res.status, 400);
    assert.equal(res.body.errors?.[0]?.['errorType'], 'MalformedHttpRequestException');
    assert.match(String(res.body.errors?.[0]?.['message']), /nests more than 500 levels/);
    const still = await gql(backend, { apiKey }, TRIVIAL);
    assert.equal(still.status, 200);
  });
});

/**
 * One heavy GraphQL request against trivial ones sent meanwhile: how long the heavy one takes, how
 * long the trivial ones wait, and the longest the event loop was held (issue 25: 10,000 aliases of
 * listSongs(limit: 100) held it 9.4 s and a concurrent query waited 8.7 s).
 */
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend } from '../testing/test-backend.ts';
import { MAX_QUERY_TOKENS } from './graphql-limits.ts';
import { accessToken, dataOutputs, gql } from './testing.ts';

const SONGS = 100;
const TRIVIAL = '{ listSongs(limit: 1) { items { id } } }';

const backend = await startTestBackend({ logLevel: 'error' });
const apiKey = dataOutputs(backend).api_key;
const token = await accessToken(backend, DEMO_ACCOUNTS[0].email, DEMO_ACCOUNTS[0].password);
for (let i = 0; i < SONGS; i++) {
  await gql(backend, { token }, 'mutation($n: String!) { createSong(input: {name: $n}) { id } }', { n: `bench ${i}` });
}

const aliases = (count: number) =>
  '{' + Array.from({ length: count }, (_, i) => `a${i}: listSongs(limit: 100) { items { id name } }`).join(' ') + '}';

async function measure(label: string, query: string | null): Promise<void> {
  let longestHold = 0;
  let last = performance.now();
  const monitor = setInterval(() => {
    const now = performance.now();
    longestHold = Math.max(longestHold, now - last);
    last = now;
  }, 1);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let heavyMs = 0;
  let status = 0;
  let done = query === null;
  const heavy =
    query === null
      ? Promise.resolve()
      : gql(backend, { apiKey }, query).then((res) => {
          heavyMs = performance.now() - started;
          status = res.status;
          done = true;
        });
  const waits: number[] = [];
  do {
    const t = performance.now();
    await gql(backend, { apiKey }, TRIVIAL);
    waits.push(performance.now() - t);
  } while (!done || waits.length < 20);
  await heavy;
  clearInterval(monitor);
  waits.sort((a, b) => a - b);
  const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(8);
  console.log(
    `${label.padEnd(44)} ${query === null ? '      -' : String(status).padStart(7)} ${query === null ? '       -' : ms(heavyMs)}` +
      ` ${String(waits.length).padStart(6)} ${ms(waits[waits.length >> 1]!)} ${ms(waits.at(-1)!)} ${ms(longestHold)}` +
      ` ${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0).padStart(6)} MB`,
  );
}

console.log(`${'heavy request'.padEnd(44)}  status    heavy trivial   median      max  loop held  RSS +`);
await measure('none (trivial queries alone)', null);
await measure('10,000 aliases of listSongs(limit: 100)', aliases(10_000));
const largest = Math.floor((MAX_QUERY_TOKENS - 2) / 15);
await measure(`${largest} aliases × ${SONGS} songs (largest allowed)`, aliases(largest));
await backend.stop();

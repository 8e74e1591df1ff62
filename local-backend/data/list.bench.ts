/**
 * List throughput: records per second read through paginated `list` (limit + nextToken) with the
 * real aws-amplify Data client against the local backend, at 10,000 and 100,000 records.
 */
import { randomUUID } from 'node:crypto';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource.ts';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { startTestBackend } from '../testing/test-backend.ts';
import { ItemStore } from './store.ts';

const SIZES = [10_000, 100_000];
/** Listing 10,000 records with limit 1,000 must stay at least this fast. */
const GOAL_ITEMS_PER_SECOND = 50_000;

const backend = await startTestBackend({ seed: false, logLevel: 'error' });
Amplify.configure(toResourcesConfig(backend.outputs));
const client = generateClient<Schema>({ authMode: 'apiKey' });
const store = new ItemStore(backend.dataDir);

function fill(total: number): void {
  const now = new Date().toISOString();
  store.transaction(() => {
    for (let i = store.count('Song'); i < total; i++) {
      const id = randomUUID();
      store.insert('Song', id, {
        id,
        name: `Song ${i}`,
        coverArtPath: `images/${id}/cover.png`,
        __typename: 'Song',
        createdAt: now,
        updatedAt: now,
      });
    }
  });
}

async function readAll(
  limit: number,
): Promise<{ items: number; pages: number; seconds: number; slowestPageMs: number }> {
  const started = performance.now();
  let nextToken: string | null | undefined;
  let items = 0;
  let pages = 0;
  let slowest = 0;
  do {
    const t = performance.now();
    const res = await client.models.Song.list({
      limit,
      nextToken,
      selectionSet: ['id', 'name', 'coverArtPath', 'updatedAt'],
    });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    slowest = Math.max(slowest, performance.now() - t);
    items += res.data.length;
    nextToken = res.nextToken;
    pages++;
  } while (nextToken);
  return { items, pages, seconds: (performance.now() - started) / 1000, slowestPageMs: slowest };
}

try {
  for (const size of SIZES) {
    fill(size);
    for (const limit of [100, 1000]) {
      const r = await readAll(limit);
      if (r.items !== size) throw new Error(`read ${r.items} of ${size} records`);
      const rate = r.items / r.seconds;
      const goal =
        size === 10_000 && limit === 1000
          ? `; goal >= ${GOAL_ITEMS_PER_SECOND.toLocaleString('en')} items/s: ${rate >= GOAL_ITEMS_PER_SECOND ? 'met' : 'NOT met'}`
          : '';
      console.log(
        `${size.toLocaleString('en')} records, limit ${limit}: ${Math.round(rate).toLocaleString('en')} items/s ` +
          `(${r.pages} pages in ${r.seconds.toFixed(2)} s, slowest page ${r.slowestPageMs.toFixed(1)} ms)${goal}`,
      );
    }
  }
} finally {
  store.close();
  await backend.stop();
}

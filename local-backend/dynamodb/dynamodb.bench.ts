/**
 * Parallel scan throughput of the local DynamoDB: 100,000 Song records read through
 * @aws-sdk/lib-dynamodb's paginateScan as a Gen 2 function would (4 segments at once, and 1 for
 * comparison), items per second. Client and server share this process (and the machine's cores).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { startTestBackend } from '../testing/test-backend.ts';

const ITEMS = 100_000;

const backend = await startTestBackend({ seed: false, logLevel: 'error' });
const dynamodb = backend.dynamodb!;
const endpoint = backend.baseUrl;

const store = backend.data!.store;
const now = new Date().toISOString();
store.transaction(() => {
  for (let i = 0; i < ITEMS; i++) {
    const id = randomUUID();
    store.insert('Song', id, {
      id,
      name: `Song ${i}`,
      coverArtPath: i % 4 ? `images/${id}/cover.png` : null,
      __typename: 'Song',
      createdAt: now,
      updatedAt: now,
    });
  }
});

const table = dynamodb.tables.byModel('Song')!;
const creds = backend.identityService.admin.issueRoleCredentials('scan-bench/scan-bench', []);
dynamodb.grant(creds, 'scan-bench/scan-bench', [{ actions: ['dynamodb:Scan'], resources: [table.arn] }]);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: creds }));

async function scan(segments: number): Promise<{ items: number; pages: number; ms: number }> {
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let items = 0;
      let pages = 0;
      for await (const page of paginateScan(
        { client: doc },
        { TableName: table.name, ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}) },
      )) {
        items += page.Items?.length ?? 0;
        pages++;
      }
      return { items, pages };
    }),
  );
  const items = counts.reduce((n, c) => n + c.items, 0);
  const pages = counts.reduce((n, c) => n + c.pages, 0);
  return { items, pages, ms: performance.now() - started };
}

await scan(4); // warm-up: JIT, the SQLite page cache
for (const segments of [4, 1]) {
  const { items, pages, ms } = await scan(segments);
  if (items !== ITEMS) throw new Error(`scan with ${segments} segment(s) returned ${items} items, not ${ITEMS}`);
  console.log(
    `DynamoDB Scan of ${ITEMS.toLocaleString('en')} items, ${segments} segment(s): ${(ms / 1000).toFixed(2)} s, ${Math.round((items / ms) * 1000).toLocaleString('en')} items/s (${pages} pages of ≤ 1 MB, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB)`,
  );
}

await backend.stop();

/**
 * The orphan-scan function at scale (ORPHAN_SCAN_BENCH_OBJECTS, default 1,000,000 objects, and
 * ORPHAN_SCAN_BENCH_RECORDS, default 500,000 records, planted straight into the stores): its time
 * next to a bare listing of the bucket plus a bare 4-segment scan of the tables (goal ≤ 1.3×), its
 * peak memory (goal ≤ 256 MB), and its report's sets checked against the planted ones. The bundle
 * the synthesis made for the deployment runs in a child process with its role's credentials and
 * the local endpoints, started as Lambda's Node.js runtime starts node for the function's memory
 * (see lambdaNodeFlags): its peak RSS is the "Max Memory Used" Lambda would report. The peak is
 * the child's own VmHWM: `process.resourceUsage().maxRSS` of a spawned child also counts the
 * parent's pages at fork (Linux keeps the high-water mark across exec), which here is the backend
 * holding a million objects. ORPHAN_SCAN_BENCH_NODE_FLAGS replaces the flags (e.g. ' ' for none).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

/**
 * The function's container: runs the deployed bundle's handler once; prints its summary, time,
 * peak RSS and, sampled every 100 ms, the largest V8 heap and off-heap (Buffers) figures seen.
 */
const CONTAINER = `
const { readFileSync } = await import('node:fs');
const hwmKiB = () => Number(/VmHWM:\\s*(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const { handler } = await import(process.argv[1]);
const loadedKiB = hwmKiB();
const peak = { heapUsed: 0, heapTotal: 0, external: 0 };
const sample = () => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
};
const sampler = setInterval(sample, 100);
const started = performance.now();
const summary = await handler({ source: 'aws.scheduler' });
const ms = performance.now() - started;
clearInterval(sampler);
sample();
const maxRssKiB = hwmKiB();
process.stdout.write(JSON.stringify({ summary, ms, maxRssKiB, loadedKiB, peak }), () => process.exit(0));
`;

const { startTestBackend } = await import('../testing/test-backend.ts');
const { BUCKET } = await import('../storage/index.ts');
const { SCANNED_FIELDS, tableVariable } = await import('../../amplify/functions/orphan-scan/fields.ts');
const { ORPHAN_SCAN_MEMORY_MB } = await import('../../amplify/functions/orphan-scan/resource.ts');

/**
 * The flags Lambda's Node.js runtime starts node with for a function of `memoryMB`: its bootstrap
 * script (/var/runtime/bootstrap of the nodejs18.x and later images) gives a tenth of the memory
 * to the young generation, half of that as --max-semi-space-size, the rest to the old one, and
 * exposes gc. Read from the bootstrap as published, not guessed.
 */
function lambdaNodeFlags(memoryMB: number): string[] {
  const newSpace = Math.floor(memoryMB / 10);
  return [
    '--expose-gc',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMB - newSpace}`,
  ];
}

const OBJECTS = Number(process.env['ORPHAN_SCAN_BENCH_OBJECTS'] ?? 1_000_000);
const RECORDS = Number(process.env['ORPHAN_SCAN_BENCH_RECORDS'] ?? 500_000);
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

const backend = await startTestBackend({ seed: false, logLevel: 'error' });
const store = backend.data!.store;
const objects = backend.storage!.store;

// Half the records are songs with one cover each, half albums; every 50th file is an orphan, every
// 100th song points at a missing file, every 200th album shares an image with a song.
let t = performance.now();
const planted = { orphans: new Set<string>(), dangling: new Set<string>(), shared: new Set<string>() };
const keys: string[] = [];
const now = new Date().toISOString();
const songs = Math.floor(RECORDS / 2);
const albums = RECORDS - songs;
const albumFiles = Math.max(1, Math.floor((OBJECTS * 0.98 - songs) / albums));
store.transaction(() => {
  for (let i = 0; i < songs; i++) {
    const id = randomUUID();
    const cover = i % 100 === 0 ? `images/${id}/missing.png` : `images/${id}/cover.png`;
    if (i % 100 === 0) planted.dangling.add(`Song/${id}/${cover}`);
    else keys.push(cover);
    store.insert('Song', id, {
      id,
      name: `s${i}`,
      coverArtPath: cover,
      __typename: 'Song',
      createdAt: now,
      updatedAt: now,
    });
  }
  for (let i = 0; i < albums; i++) {
    const id = randomUUID();
    const paths = Array.from({ length: albumFiles }, (_, j) => `images/${id}/${j}.png`);
    keys.push(...paths);
    if (i % 200 === 0) {
      const songId = randomUUID();
      planted.shared.add(paths[0]!);
      store.insert('Song', songId, {
        id: songId,
        name: 'shared',
        coverArtPath: paths[0],
        __typename: 'Song',
        createdAt: now,
        updatedAt: now,
      });
    }
    store.insert('PhotoAlbum', id, {
      id,
      name: `a${i}`,
      imagePaths: paths,
      __typename: 'PhotoAlbum',
      createdAt: now,
      updatedAt: now,
    });
  }
});
while (keys.length < OBJECTS) {
  const key = `images/${randomUUID()}/stray.png`;
  planted.orphans.add(key);
  keys.push(key);
}
const old = new Date(Date.now() - 48 * 3_600_000);
for (let i = 0; i < keys.length; i += 10_000) {
  await Promise.all(
    keys.slice(i, i + 10_000).map((key) =>
      objects.commitSoon(key, objects.newBody().file, {
        size: 1024,
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        contentType: 'image/png',
        metadata: {},
        lastModified: old,
      }),
    ),
  );
}
keys.length = 0;
console.log(
  `planted ${OBJECTS.toLocaleString('en')} objects and ${store.count('Song') + store.count('PhotoAlbum')} records in ${((performance.now() - t) / 1000).toFixed(0)} s`,
);

// The function's role, as the runtime makes it: credentials granted its synthesized statements.
const fn = backend.data!.definitions.functions!.find((f) => f.name === 'orphan-scan')!;
const principal = 'orphan-scan-role/orphan-scan';
const creds = backend.identityService.admin.issueRoleCredentials(principal, []);
const tables = backend.dynamodb!.tables;
backend.dynamodb!.grant(
  creds,
  principal,
  (fn.tableGrants ?? []).map((g) => ({
    actions: g.actions,
    resources: g.resources.flatMap((r) => ('arn' in r ? [r.arn] : [`${tables.byModel(r.model)!.arn}${r.suffix}`])),
  })),
);
backend.storage!.functionRoles.add(creds, principal, fn.bucketGrants ?? []);
const region = 'us-east-1';
const clientCreds = {
  accessKeyId: creds.accessKeyId,
  secretAccessKey: creds.secretAccessKey,
  sessionToken: creds.sessionToken,
};

// Bare work: every key listed, every table scanned with 4 segments, nothing else.
t = performance.now();
const s3 = new S3Client({ endpoint: backend.baseUrl, region, forcePathStyle: true, credentials: clientCreds });
let listed = 0;
let token: string | undefined;
do {
  const page = await s3.send(
    new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'images/', MaxKeys: 1000, ContinuationToken: token }),
  );
  listed += page.KeyCount ?? 0;
  token = page.NextContinuationToken;
} while (token);
const listMs = performance.now() - t;
t = performance.now();
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: backend.baseUrl, region, credentials: clientCreds }),
);
let scanned = 0;
for (const model of new Set(SCANNED_FIELDS.map((f) => f.model))) {
  await Promise.all(
    Array.from({ length: 4 }, async (_, segment) => {
      for await (const page of paginateScan(
        { client: doc },
        { TableName: tables.byModel(model)!.name, Segment: segment, TotalSegments: 4 },
      )) {
        scanned += page.Items?.length ?? 0;
      }
    }),
  );
}
const scanMs = performance.now() - t;

// The function itself, in its own process.
const env: Record<string, string> = {
  ...process.env,
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: creds.accessKeyId,
  AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
  AWS_SESSION_TOKEN: creds.sessionToken,
  AWS_ENDPOINT_URL_S3: backend.baseUrl,
  AWS_ENDPOINT_URL_DYNAMODB: backend.baseUrl,
  ATTACHMENT_CONSOLE_FILES_BUCKET_NAME: BUCKET,
  ORPHAN_SCAN_GRACE_HOURS: '1',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(ORPHAN_SCAN_MEMORY_MB),
  ...Object.fromEntries(
    [...new Set(SCANNED_FIELDS.map((f) => f.model))].map((m) => [tableVariable(m), tables.byModel(m)!.name]),
  ),
};
const bundle = join(mkdtempSync(join(tmpdir(), 'orphan-scan-bundle-')), 'index.mjs');
writeFileSync(bundle, fn.bundle);
const flags = (process.env['ORPHAN_SCAN_BENCH_NODE_FLAGS'] ?? lambdaNodeFlags(ORPHAN_SCAN_MEMORY_MB).join(' '))
  .split(' ')
  .filter(Boolean);
const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', CONTAINER, pathToFileURL(bundle).href], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.on('data', (d: Buffer) => (out += d.toString()));
await new Promise((resolve) => child.on('exit', resolve));
const { summary, ms, maxRssKiB, loadedKiB, peak } = JSON.parse(out) as {
  loadedKiB: number;
  peak: { heapUsed: number; heapTotal: number; external: number };
  summary: import('../../amplify/functions/orphan-scan/handler.ts').OrphanScanSummary;
  ms: number;
  maxRssKiB: number;
};

const report = <T>(pages: string[]): T[] =>
  pages.flatMap((key) =>
    gunzipSync(readFileSync(objects.path(objects.head(key)!)))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T),
  );
const same = (a: Set<string>, b: string[]) => a.size === b.length && b.every((x) => a.has(x));
const orphansOk = same(
  planted.orphans,
  report<{ path: string }>(summary.pages.orphans).map((o) => o.path),
);
const danglingOk = same(
  planted.dangling,
  report<{ model: string; id: string; path: string }>(summary.pages.dangling).map(
    (d) => `${d.model}/${d.id}/${d.path}`,
  ),
);
const sharedOk = same(
  planted.shared,
  report<{ path: string }>(summary.pages.shared).map((s) => s.path),
);

const bare = listMs + scanMs;
console.log(
  [
    `orphan scan of ${summary.totals.files.toLocaleString('en')} objects and ${Object.values(summary.totals.records)
      .reduce((a, b) => a + b, 0)
      .toLocaleString('en')} records:`,
    `  function        ${(ms / 1000).toFixed(1)} s, peak memory ${mb(maxRssKiB * 1024)} (goal ≤ 256 MB; memoryMB ${ORPHAN_SCAN_MEMORY_MB}, node ${flags.join(' ') || 'with no flags'})`,
    `                  ${mb(loadedKiB * 1024)} with the bundle just loaded; at most ${mb(peak.heapUsed)} V8 heap used of ${mb(peak.heapTotal)} held, ${mb(peak.external)} off-heap`,
    `  bare listing    ${(listMs / 1000).toFixed(1)} s (${listed.toLocaleString('en')} keys, ${Math.round((listed / listMs) * 1000).toLocaleString('en')} keys/s)`,
    `  bare table scan ${(scanMs / 1000).toFixed(1)} s (${scanned.toLocaleString('en')} items, 4 segments)`,
    `  function ÷ (listing + scan) = ${(ms / bare).toFixed(2)}× (goal ≤ 1.3×)`,
    `  report: ${summary.totals.orphaned} orphans ${orphansOk ? '=' : '≠'} planted ${planted.orphans.size}, ${summary.totals.dangling} dangling ${danglingOk ? '=' : '≠'} ${planted.dangling.size}, ${summary.totals.shared} shared ${sharedOk ? '=' : '≠'} ${planted.shared.size}; ${summary.pages.orphans.length + summary.pages.dangling.length + summary.pages.shared.length} gzip pages`,
  ].join('\n'),
);
await backend.stop();
if (!orphansOk || !danglingOk || !sharedOk) process.exit(1);

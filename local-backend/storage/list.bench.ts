// ListObjectsV2 measured from outside: the server in a process of its own (list-bench-server.ts),
// this process listing every key with the AWS SDK v3 client, pages of 1,000, every request signed
// and its signature checked. 10,000 and 1,000,000 keys, seeded straight into the store's database
// (not through HTTP). Prints keys/s, the server's CPU per 1,000 keys, and this client's (the SDK
// parsing the pages), which bounds the rate once the server's is small. The goal is the fastest
// S3 emulator's 34,000 keys/s (it checks no signature). When s3rver is installed at S3RVER_PATH
// (never a dependency of the repo: npm install s3rver in /tmp/s3peer), it is measured beside, at
// 10,000 keys, for reference on the same machine; it is not that peer (it lists from its folders).
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { BUCKET } from './index.ts';
import { ObjectStore } from './object-store.ts';
import { fakeIdentity } from './testing.ts';

const PEER_KEYS_PER_S = 34_000;
const BENCH_BUCKET_PEER = 'bench';
const SERVER = fileURLToPath(new URL('./list-bench-server.ts', import.meta.url));
const PEER_PATH = process.env['S3RVER_PATH'] ?? '/tmp/s3peer/node_modules/s3rver/lib/s3rver.js';
const SIZES = (process.env['LIST_BENCH_KEYS'] ?? '10000,1000000').split(',').map(Number);

const keyOf = (i: number) => `images/${String(i % 97).padStart(2, '0')}/photo-${String(i).padStart(7, '0')}.jpg`;

/** `n` objects written straight into the local S3's database, in one transaction. */
function seed(dataDir: string, n: number): void {
  new ObjectStore(dataDir).close();
  const db = new DatabaseSync(join(dataDir, 's3', 'objects.db'));
  const insert = db.prepare(
    `INSERT INTO objects (key, size, etag, content_type, metadata, headers, last_modified, file, seq)
     VALUES (?, ?, ?, 'image/jpeg', '{}', '{}', ?, ?, 1)`,
  );
  const now = Date.now();
  db.exec('BEGIN');
  for (let i = 0; i < n; i++) {
    const etag = createHash('md5').update(String(i)).digest('hex');
    insert.run(keyOf(i), 1000 + (i % 5000), etag, now - i * 1000, etag);
  }
  db.exec('COMMIT');
  db.close();
}

interface Server {
  child: ChildProcess;
  base: string;
  cpu(): Promise<number>;
  stop(): void;
}

function startServer(kind: 'local' | 'peer', dataDir: string): Promise<Server> {
  const child = fork(SERVER, [kind, dataDir, PEER_PATH, BENCH_BUCKET_PEER], {
    // s3rver makes its continuation tokens with a cipher OpenSSL 3 keeps in its legacy provider.
    execArgv: ['--import', 'tsx', ...(kind === 'peer' ? ['--openssl-legacy-provider'] : [])],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
    child.once('message', (m: { base: string }) =>
      resolve({
        child,
        base: m.base,
        cpu: () =>
          new Promise((r) => {
            child.once('message', (u: NodeJS.CpuUsage) => r((u.user + u.system) / 1000));
            child.send('cpu');
          }),
        stop: () => {
          child.removeAllListeners('exit');
          child.send('exit');
        },
      }),
    );
  });
}

/** Every key of the bucket, page by page; keys/s and the server's CPU milliseconds per 1,000 keys. */
async function listAll(server: Server, s3: S3Client, bucket: string, expected: number) {
  const cpu = await server.cpu();
  const client = process.cpuUsage();
  const started = performance.now();
  let keys = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'images/', MaxKeys: 1000, ContinuationToken: token }),
    );
    keys += page.Contents?.length ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = (await server.cpu()) - cpu;
  const used = process.cpuUsage(client);
  if (keys !== expected) throw new Error(`listed ${keys} keys of ${expected}`);
  return {
    rate: keys / seconds,
    cpuPer1000: cpuMs / (keys / 1000),
    clientPer1000: (used.user + used.system) / 1000 / (keys / 1000),
  };
}

const client = (base: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  new S3Client({
    endpoint: base,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials,
    // s3rver takes no aws-chunked body with a trailing checksum.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

type Result = Awaited<ReturnType<typeof listAll>>;
const fmt = (r: Result) =>
  `${Math.round(r.rate).toLocaleString('en').padStart(7)} keys/s, CPU per 1,000 keys: server ${r.cpuPer1000.toFixed(1)} ms, client ${r.clientPer1000.toFixed(1)} ms`;

async function measure(kind: 'local' | 'peer', n: number) {
  const dataDir = mkdtempSync(join(tmpdir(), `list-bench-${kind}-`));
  let server: Server | undefined;
  try {
    if (kind === 'local') seed(dataDir, n);
    server = await startServer(kind, dataDir);
    const s3 =
      kind === 'local'
        ? client(server.base, fakeIdentity().issue('bench', ['ADMINS']))
        : client(server.base, { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    const bucket = kind === 'local' ? BUCKET : BENCH_BUCKET_PEER;
    if (kind === 'peer') {
      for (let i = 0; i < n; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, n - i) }, (_, j) =>
            s3.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(i + j), Body: 'x' })),
          ),
        );
      }
    }
    // Passes over the keys: the first warms both processes up; the best of the rest counts.
    const passes = n <= 10_000 ? 5 : 2;
    const results = [];
    for (let p = 0; p < passes; p++) results.push(await listAll(server, s3, bucket, n));
    return results.slice(1).sort((a, b) => b.rate - a.rate)[0]!;
  } finally {
    server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log('ListObjectsV2 from another process, AWS SDK v3, pages of 1,000, signatures checked (best pass)');
console.log(
  `(load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores: rates fall with it, CPU figures hardly)`,
);
if (existsSync(PEER_PATH) && SIZES.includes(10_000) && process.env['LIST_BENCH_PEER'] !== 'no') {
  console.log(`s3rver (reference, no signature check), 10,000 keys: ${fmt(await measure('peer', 10_000))}`);
}
for (const n of SIZES) {
  const r = await measure('local', n);
  const ratio = r.rate / PEER_KEYS_PER_S;
  console.log(`local S3, ${n.toLocaleString('en').padStart(9)} keys: ${fmt(r)}`);
  console.log(
    `  ${ratio.toFixed(2)}× the fastest emulator's ${PEER_KEYS_PER_S.toLocaleString('en')} keys/s (goal ≥ 1×: ${ratio >= 1 ? 'met' : 'NOT met'})`,
  );
}

// Throughput of the local S3: signed PutObject/GetObject bodies and ListObjectsV2 pages, on a
// free port with an in-memory identity, so it never competes with a backend on port 20005.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import { createLogger } from '../log.ts';
import { createStorageService } from './index.ts';
import { s3Request } from './testing.ts';

const MiB = 1024 * 1024;
const OBJECT_SIZE = 8 * MiB;
const OBJECTS = 24;
const LIST_KEYS = 5000;
const DEADLINE = Date.now() + 100_000;

const creds: IssuedCredentials = {
  accessKeyId: 'ASIABENCH',
  secretAccessKey: 'bench-secret',
  sessionToken: 'bench-token',
  expiration: new Date(Date.now() + 3600_000),
  identityId: 'us-east-1:bench',
  authenticated: true,
  groups: ['ADMINS'],
  role: { kind: 'group', group: 'ADMINS' },
};
const identity: IdentityApi = {
  region: 'us-east-1',
  userPoolId: 'bench',
  userPoolClientId: 'bench',
  identityPoolId: 'bench',
  verifyToken: () => Promise.reject(new Error('not used')),
  credentialsFor: (id) => (id === creds.accessKeyId ? creds : undefined),
};

const dataDir = mkdtempSync(join(tmpdir(), 'storage-bench-'));
const storage = await createStorageService(
  {
    options: {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      latencyMs: 0,
      failRate: 0,
      logLevel: 'error',
      outputsFile: '',
      seed: false,
    },
    log: createLogger('error'),
    baseUrl: 'http://localhost:20005',
  },
  identity,
);
const server = createServer((req, res) => void storage.service.handle(req, res, new URL(req.url ?? '/', 'http://x')));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function timed(label: string, n: number, unit: string, run: () => Promise<number>): Promise<void> {
  const started = performance.now();
  const amount = await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(34)} ${(amount / seconds).toFixed(1).padStart(9)} ${unit}  (${n} requests, ${seconds.toFixed(2)} s)`,
  );
}

try {
  const body = Buffer.alloc(OBJECT_SIZE, 7);
  await timed(`upload ${OBJECTS} × ${OBJECT_SIZE / MiB} MiB (4 at a time)`, OBJECTS, 'MB/s', async () => {
    for (let i = 0; i < OBJECTS && Date.now() < DEADLINE; i += 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async (j) => {
          const res = await s3Request(base, creds, 'PUT', `images/bench/${i + j}.bin`, { body });
          if (res.status !== 200) throw new Error(`PUT ${res.status} ${res.text}`);
        }),
      );
    }
    return (OBJECTS * OBJECT_SIZE) / 1e6;
  });
  await timed(`download ${OBJECTS} × ${OBJECT_SIZE / MiB} MiB (4 at a time)`, OBJECTS, 'MB/s', async () => {
    for (let i = 0; i < OBJECTS && Date.now() < DEADLINE; i += 4) {
      await Promise.all(
        [0, 1, 2, 3].map(async (j) => {
          const res = await s3Request(base, creds, 'GET', `images/bench/${i + j}.bin`);
          if (res.body.length !== OBJECT_SIZE) throw new Error(`GET ${res.status}`);
        }),
      );
    }
    return (OBJECTS * OBJECT_SIZE) / 1e6;
  });
  await timed(`small PutObject (${LIST_KEYS} × 1 KiB, 32 at a time)`, LIST_KEYS, 'obj/s', async () => {
    const small = Buffer.alloc(1024, 1);
    for (let i = 0; i < LIST_KEYS && Date.now() < DEADLINE; i += 32) {
      await Promise.all(
        Array.from({ length: Math.min(32, LIST_KEYS - i) }, (_, j) =>
          s3Request(base, creds, 'PUT', `images/list/${String(i + j).padStart(6, '0')}.txt`, { body: small }),
        ),
      );
    }
    return LIST_KEYS;
  });
  await timed(`list ${LIST_KEYS} keys, pages of 1000 (×5)`, (LIST_KEYS / 1000) * 5, 'keys/s', async () => {
    let keys = 0;
    for (let round = 0; round < 5; round++) {
      let token: string | undefined;
      do {
        const query: Record<string, string> = { 'list-type': '2', prefix: 'images/list/', 'max-keys': '1000' };
        if (token) query['continuation-token'] = token;
        const res = await s3Request(base, creds, 'GET', '', { query });
        keys += [...res.text.matchAll(/<Key>/g)].length;
        token = /<NextContinuationToken>([^<]*)</.exec(res.text)?.[1];
      } while (token);
    }
    return keys;
  });
} finally {
  server.closeAllConnections();
  server.close();
  await storage.service.close?.();
  rmSync(dataDir, { recursive: true, force: true });
}

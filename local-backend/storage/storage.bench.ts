// Throughput of the local S3 next to a trivial file-backed node:http server started in the same
// run and driven by the same signed client: 8 MiB PUT/GET, 1 KiB PutObject, ListObjectsV2 pages.
// Each S3 workload prints its figure and its ratio to the trivial server (median of the rounds).
// The local bucket is versioned, as deployed: every round's overwrites leave non-current versions.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fakeIdentity, s3Request, startStorage } from './testing.ts';

const MiB = 1024 * 1024;
const OBJECT_SIZE = 8 * MiB;
const OBJECTS = 16;
const SMALL = 2000;
const LIST_KEYS = 5000;
const ROUNDS = 5;

const { identity, issue } = fakeIdentity();
const creds = issue('bench', ['ADMINS']);
const dataDir = mkdtempSync(join(tmpdir(), 'storage-bench-'));
const trivialDir = join(dataDir, 'trivial');
mkdirSync(trivialDir);
// The bucket as amplify/backend.ts deploys it: versioned, so overwrites keep their old versions.
const local = await startStorage(dataDir, identity, 0, {
  bucket: { friendlyName: 'bench', versioning: 'Enabled', lifecycle: [], grants: [] },
});

/** What a server that checks nothing does: PUT streams the body to a file, GET streams it back. */
function trivialServer(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const file = join(trivialDir, createHash('md5').update(req.url!.split('?')[0]!).digest('hex'));
    if (req.method === 'PUT') {
      pipeline(req, createWriteStream(file)).then(
        () => res.writeHead(200, { etag: '"x"' }).end(),
        () => res.writeHead(500).end(),
      );
      return;
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': size });
    void pipeline(createReadStream(file), res).catch(() => undefined);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}
const trivial = await trivialServer();

/** CPU seconds this process spent (all threads: the client, both servers, upload workers). */
let cpuSeconds = 0;
async function rate(run: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const amount = await run();
  const used = process.cpuUsage(cpu);
  cpuSeconds = (used.user + used.system) / 1e6 / amount;
  return amount / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function inBatches(n: number, width: number, one: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < n; i += width) {
    await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, j) => one(i + j)));
  }
}

const big = Buffer.alloc(OBJECT_SIZE, 7);
const small = Buffer.alloc(1024, 1);
/** A workload's goal: a ratio to the trivial server, or an absolute rate. */
type Goal = { ratio: number } | { rate: number };
const workloads: {
  label: string;
  unit: string;
  goal: Goal;
  run: (base: string, round: number) => Promise<number>;
}[] = [
  {
    label: `PUT ${OBJECTS} × 8 MiB, 4 at a time`,
    unit: 'MB/s',
    goal: { ratio: 0.9 },
    run: (base) =>
      rate(async () => {
        await inBatches(OBJECTS, 4, async (i) => {
          const res = await s3Request(base, creds, 'PUT', `images/bench/${i}.bin`, { body: big });
          if (res.status !== 200) throw new Error(`PUT ${res.status} ${res.text}`);
        });
        return (OBJECTS * OBJECT_SIZE) / 1e6;
      }),
  },
  {
    label: `GET ${OBJECTS} × 8 MiB, 4 at a time`,
    unit: 'MB/s',
    goal: { ratio: 0.9 },
    run: (base) =>
      rate(async () => {
        await inBatches(OBJECTS, 4, async (i) => {
          const res = await s3Request(base, creds, 'GET', `images/bench/${i}.bin`);
          if (res.body.length !== OBJECT_SIZE) throw new Error(`GET ${res.status}`);
        });
        return (OBJECTS * OBJECT_SIZE) / 1e6;
      }),
  },
  {
    label: `PutObject ${SMALL} × 1 KiB, 32 at a time`,
    unit: 'obj/s',
    goal: { rate: 1500 },
    run: (base, round) =>
      rate(async () => {
        await inBatches(SMALL, 32, async (i) => {
          const res = await s3Request(base, creds, 'PUT', `images/small/${round}-${i}.txt`, { body: small });
          if (res.status !== 200) throw new Error(`PUT ${res.status} ${res.text}`);
        });
        return SMALL;
      }),
  },
];

try {
  console.log(`Local S3 vs a trivial file-backed node:http server, same client, median of ${ROUNDS} rounds`);
  for (const w of workloads) {
    const ours: number[] = [];
    const theirs: number[] = [];
    const ourCpu: number[] = [];
    const theirCpu: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      theirs.push(await w.run(trivial.base, round));
      theirCpu.push(cpuSeconds);
      ours.push(await w.run(local.base, round));
      ourCpu.push(cpuSeconds);
    }
    const [o, t] = [median(ours), median(theirs)];
    // CPU per unit of work, client included: steadier than throughput on a machine others share.
    const cpuRatio = median(ourCpu) / median(theirCpu);
    const goal =
      'ratio' in w.goal
        ? `goal ≥ ${w.goal.ratio}×: ${o / t >= w.goal.ratio ? 'met' : 'NOT met'}`
        : `goal ≥ ${w.goal.rate.toLocaleString('en')} ${w.unit}: ${o >= w.goal.rate ? 'met' : 'NOT met'}`;
    console.log(
      `${w.label.padEnd(34)} ${o.toFixed(1).padStart(8)} ${w.unit.padEnd(5)}  trivial ${t.toFixed(1).padStart(8)}  ratio ${(o / t).toFixed(2)}×  ${goal}`,
    );
    console.log(
      `${''.padEnd(34)} CPU per ${w.unit.split('/')[0]}: ${cpuRatio.toFixed(2)}× the trivial run's, client included`,
    );
  }

  await inBatches(LIST_KEYS, 32, async (i) => {
    await s3Request(local.base, creds, 'PUT', `images/list/${String(i).padStart(6, '0')}.txt`, { body: small });
  });
  const listed = await rate(async () => {
    let keys = 0;
    for (let round = 0; round < 5; round++) {
      let token: string | undefined;
      do {
        const query: Record<string, string> = { 'list-type': '2', prefix: 'images/list/', 'max-keys': '1000' };
        if (token) query['continuation-token'] = token;
        const res = await s3Request(local.base, creds, 'GET', '', { query });
        keys += [...res.text.matchAll(/<Key>/g)].length;
        token = /<NextContinuationToken>([^<]*)</.exec(res.text)?.[1];
      } while (token);
    }
    return keys;
  });
  console.log(`${`ListObjectsV2 ${LIST_KEYS} keys, pages of 1000`.padEnd(34)} ${listed.toFixed(0).padStart(8)} keys/s`);
} finally {
  trivial.server.closeAllConnections();
  trivial.server.close();
  await local.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

// The local S3 under 100 concurrent clients (100 identities), next to a trivial file-backed node:http server under
// the same load: each client PUTs 256 KiB (payload-signed: x-amz-content-sha256 is the body's
// SHA-256) and GETs it back, again and again. Each server runs in its own child process, so its CPU
// is measured apart from the clients'. Prints pairs/s, the p50 and p95 of a pair, and server CPU
// per pair. LOCAL_BACKEND_CPU_PROF=<dir> writes a .cpuprofile of the local S3's process there.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { BUCKET } from './index.ts';
import { fakeIdentity, startStorage } from './testing.ts';

const CLIENTS = 100;
const BODY = 256 * 1024;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 6);
const ROUNDS = 3;
const GOAL_RATIO = 0.5;

type Kind = 's3' | 'trivial';
type Message = { cpu: NodeJS.CpuUsage } | { port: number };

/** The child: one server of `kind` on a free port; answers 'cpu' with its CPU use so far. */
async function serve(kind: Kind, dataDir: string): Promise<void> {
  let server: Server;
  if (kind === 's3') {
    const { identity, issue } = fakeIdentity();
    for (let i = 0; i < CLIENTS; i++) issue(`client${i}`, ['ADMINS']);
    server = (await startStorage(dataDir, identity)).server;
  } else {
    server = trivialServer(dataDir);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  }
  process.on('message', (m) => {
    if (m === 'cpu') process.send!({ cpu: process.cpuUsage() } satisfies Message);
    if (m === 'stop') process.exit(0);
  });
  process.send!({ port: (server.address() as AddressInfo).port } satisfies Message);
}

/** What a server that checks nothing does: PUT streams the body to a file, GET streams it back. */
function trivialServer(dir: string): Server {
  return createServer((req, res) => {
    const file = join(dir, createHash('md5').update(req.url!.split('?')[0]!).digest('hex'));
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
}

interface Child {
  proc: ChildProcess;
  port: number;
  cpu(): Promise<NodeJS.CpuUsage>;
}

async function startChild(kind: Kind, dataDir: string, profileDir: string | undefined): Promise<Child> {
  const proc = fork(fileURLToPath(import.meta.url), ['serve', kind, dataDir], {
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      proc.once('message', (m) => resolve(m as Message));
      proc.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
    });
  const started = await next();
  if (!('port' in started)) throw new Error('no port');
  return {
    proc,
    port: started.port,
    cpu: async () => {
      const answer = next();
      proc.send('cpu');
      const m = await answer;
      if (!('cpu' in m)) throw new Error('no cpu');
      return m.cpu;
    },
  };
}

// Each client its own identity (the same ones the child issues: fakeIdentity derives them from the name).
const { issue } = fakeIdentity();
const signers = Array.from(
  { length: CLIENTS },
  (_, i) =>
    new SignatureV4({
      service: 's3',
      region: 'us-east-1',
      credentials: issue(`client${i}`, ['ADMINS']),
      sha256: Sha256,
    }),
);

interface Response {
  status: number;
  body: Buffer;
}

function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
) {
  return new Promise<Response>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function signed(
  client: number,
  port: number,
  method: string,
  path: string,
  payloadSha256: string,
  length?: number,
) {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, 'x-amz-content-sha256': payloadSha256 };
  if (length !== undefined) headers['content-length'] = String(length);
  const s = await signers[client]!.sign({ method, protocol: 'http:', hostname: '127.0.0.1', port, path, headers });
  return s.headers as Record<string, string>;
}

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const bodies = Array.from({ length: 8 }, () => randomBytes(BODY));
const hashes = bodies.map((b) => createHash('sha256').update(b).digest('hex'));

/** CLIENTS clients each doing PUT-then-GET pairs for `seconds`: pairs/s and each pair's milliseconds. */
async function load(port: number, seconds: number, round: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const durations: number[] = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; performance.now() < until; n++) {
        const path = `/${BUCKET}/images/concurrency/${round}/${client}/${n}.bin`;
        const i = (client + n) % bodies.length;
        const t0 = performance.now();
        const put = await send(
          agent,
          port,
          'PUT',
          path,
          await signed(client, port, 'PUT', path, hashes[i]!, BODY),
          bodies[i],
        );
        if (put.status !== 200) throw new Error(`PUT ${put.status} ${put.body.toString()}`);
        const got = await send(agent, port, 'GET', path, await signed(client, port, 'GET', path, EMPTY_SHA256));
        if (got.status !== 200 || !got.body.equals(bodies[i]!)) throw new Error(`GET ${got.status}`);
        durations.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { pairs: durations.length, perSecond: durations.length / elapsed, durations };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)]!;
const median = (xs: number[]) => quantile(xs, 0.5);

interface Figures {
  perSecond: number;
  cpuMs: number;
  p50: number;
  p95: number;
}

/** One load round against `child`: pairs/s, server CPU per pair, each pair's milliseconds. */
async function round(child: Child, n: number) {
  const before = await child.cpu();
  const run = await load(child.port, SECONDS, n);
  const after = await child.cpu();
  const cpuMs = (after.user - before.user + after.system - before.system) / 1000 / run.pairs;
  return { perSecond: run.perSecond, cpuMs, durations: run.durations };
}

/** Both servers up at once and their rounds alternated, so a change in the machine's load hits both. */
async function measure(root: string): Promise<Record<Kind, Figures>> {
  const children = {} as Record<Kind, Child>;
  try {
    for (const kind of ['trivial', 's3'] as const) {
      const dataDir = join(root, kind);
      mkdirSync(dataDir);
      const profileDir = kind === 's3' ? process.env['LOCAL_BACKEND_CPU_PROF'] : undefined;
      children[kind] = await startChild(kind, dataDir, profileDir);
      await load(children[kind].port, 1, -1); // warm-up
    }
    const runs: Record<Kind, Awaited<ReturnType<typeof round>>[]> = { trivial: [], s3: [] };
    for (let n = 0; n < ROUNDS; n++) {
      for (const kind of ['trivial', 's3'] as const) runs[kind].push(await round(children[kind], n));
    }
    const figures = (kind: Kind): Figures => {
      const durations = runs[kind].flatMap((r) => r.durations);
      return {
        perSecond: median(runs[kind].map((r) => r.perSecond)),
        cpuMs: median(runs[kind].map((r) => r.cpuMs)),
        p50: quantile(durations, 0.5),
        p95: quantile(durations, 0.95),
      };
    };
    return { trivial: figures('trivial'), s3: figures('s3') };
  } finally {
    for (const child of Object.values(children)) {
      const exited = new Promise((r) => child.proc.once('exit', r));
      child.proc.send('stop');
      await exited;
    }
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'storage-concurrency-'));
  try {
    console.log(
      `${CLIENTS} concurrent clients, each PUT ${BODY / 1024} KiB (payload-signed) then GET, ${SECONDS} s × ${ROUNDS} rounds (median)`,
    );
    const { trivial, s3 } = await measure(root);
    const line = (name: string, r: Figures) =>
      `${name.padEnd(10)} ${r.perSecond.toFixed(1).padStart(7)} pairs/s  p50 ${r.p50.toFixed(0).padStart(5)} ms  p95 ${r.p95.toFixed(0).padStart(5)} ms  server CPU ${r.cpuMs.toFixed(1).padStart(5)} ms/pair`;
    console.log(line('local S3', s3));
    console.log(line('trivial', trivial));
    const ratio = s3.perSecond / trivial.perSecond;
    console.log(
      `ratio ${ratio.toFixed(2)}× the trivial server's pairs/s (goal ≥ ${GOAL_RATIO}×: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}); server CPU ${(s3.cpuMs / trivial.cpuMs).toFixed(1)}× per pair`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') await serve(process.argv[3] as Kind, process.argv[4]!);
else await main();

/**
 * SRP sign-ins per second, 8 at a time, against the local backend in its own process (as
 * `npm run backend` runs it): InitiateAuth (USER_SRP_AUTH) + RespondToAuthChallenge over HTTP,
 * the whole password proof checked and tokens issued. The client side of SRP here uses OpenSSL
 * too, so the client costs little next to the server; srp.test.ts proves the math against the
 * aws-amplify client's own. Also prints one 3072-bit modular exponentiation, BigInt vs OpenSSL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cognitoCall } from '../testing/cognito-requests.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { expectedSignature, g, k, modPow, modPowN, N, padHex } from './srp.ts';

const CONCURRENCY = 8;
const SIGN_INS = 400;
const GOAL_PER_SECOND = 150;
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

const hashHex = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex').padStart(64, '0');
const toBig = (hex: string) => BigInt('0x' + hex);

async function startBackend(dataDir: string): Promise<{ proc: ChildProcess; baseUrl: string }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--port', '0', '--data-dir', dataDir, '--outputs', '', '--log-level', 'error'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /local backend on (http:\/\/\S+)/.exec(out);
      if (m && /Demo accounts/.test(out)) resolve(m[1]!);
    });
    proc.on('exit', (code) => reject(new Error(`the backend exited (${code})`)));
  });
  return { proc, baseUrl };
}

/** CPU time (user + system) the process has used, in ms, from /proc (Linux; 100 ticks a second). */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function call(baseUrl: string, target: string, body: unknown): Promise<Record<string, unknown>> {
  const { status, json } = await cognitoCall(baseUrl, target, body);
  if (status !== 200) throw new Error(`${target}: ${JSON.stringify(json)}`);
  return json;
}

/** g^x per user and salt: fixed for a password, so a client may keep it. */
const gxCache = new Map<string, { x: bigint; gx: bigint }>();

async function srpSignIn(baseUrl: string, clientId: string, poolName: string, email: string, password: string) {
  const a = toBig(randomBytes(128).toString('hex'));
  const A = modPowN(g, a);
  const started = await call(baseUrl, 'InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_SRP_AUTH',
    AuthParameters: { USERNAME: email, SRP_A: A.toString(16) },
  });
  const p = started['ChallengeParameters'] as Record<string, string>;
  const userId = p['USER_ID_FOR_SRP']!;
  const B = toBig(p['SRP_B']!);
  const u = toBig(hashHex(padHex(A) + padHex(B)));
  const cacheKey = `${userId}:${p['SALT']}`;
  let user = gxCache.get(cacheKey);
  if (!user) {
    const inner = createHash('sha256').update(`${poolName}${userId}:${password}`).digest('hex').padStart(64, '0');
    const x = toBig(hashHex(padHex(toBig(p['SALT']!)) + inner));
    user = { x, gx: modPowN(g, x) };
    gxCache.set(cacheKey, user);
  }
  const base = (((B - ((k * user.gx) % N)) % N) + N) % N;
  const S = modPowN(base, a + u * user.x);
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
    .update(Buffer.from(padHex(S), 'hex'))
    .digest();
  const key = createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
  const timestamp = new Date().toUTCString().replace('GMT', 'UTC');
  const done = await call(baseUrl, 'RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: p['SECRET_BLOCK'],
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: expectedSignature(key, poolName, userId, p['SECRET_BLOCK']!, timestamp),
    },
  });
  if (!(done['AuthenticationResult'] as { IdToken?: string } | undefined)?.IdToken) throw new Error('no tokens');
}

async function run(baseUrl: string, clientId: string, poolName: string, total: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const account = DEMO_ACCOUNTS[next++ % DEMO_ACCOUNTS.length]!;
        await srpSignIn(baseUrl, clientId, poolName, account.email, account.password);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

function exponentiation(): void {
  const bases = Array.from({ length: 30 }, () => toBig(randomBytes(384).toString('hex')) % N);
  const exps = Array.from({ length: 30 }, () => toBig(randomBytes(128).toString('hex')));
  const time = (f: (i: number) => bigint) => {
    const t = performance.now();
    for (let i = 0; i < bases.length; i++) f(i);
    return (performance.now() - t) / bases.length;
  };
  time((i) => modPowN(bases[i]!, exps[i]!));
  const openssl = time((i) => modPowN(bases[i]!, exps[i]!));
  const bigint = time((i) => modPow(bases[i]!, exps[i]!, N));
  console.log(
    `3072-bit modular exponentiation (1024-bit exponent): BigInt ${bigint.toFixed(2)} ms, OpenSSL ${openssl.toFixed(2)} ms`,
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'local-backend-signin-bench-'));
const { proc, baseUrl } = await startBackend(dataDir);
try {
  // The pool's client id and name, from a first sign-in's ID token (aud, iss).
  const config = await call(baseUrl, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: DEMO_ACCOUNTS[0]!.email, PASSWORD: DEMO_ACCOUNTS[0]!.password },
  });
  const idToken = (config['AuthenticationResult'] as { IdToken: string }).IdToken;
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()) as {
    aud: string;
    iss: string;
  };
  const poolName = claims.iss.split('/').pop()!.split('_')[1]!;
  await run(baseUrl, claims.aud, poolName, 24); // warm-up
  const rates: number[] = [];
  const cpuBefore = cpuMs(proc.pid!);
  for (let i = 0; i < 3; i++) rates.push(await run(baseUrl, claims.aud, poolName, SIGN_INS));
  const cpuAfter = cpuMs(proc.pid!);
  const median = [...rates].sort((a, b) => a - b)[1]!;
  console.log(
    `SRP sign-ins, ${CONCURRENCY} at a time: ${Math.round(median)} /s (median of 3 x ${SIGN_INS}: ${rates.map((r) => Math.round(r)).join(', ')}); goal >= ${GOAL_PER_SECOND}/s: ${median >= GOAL_PER_SECOND ? 'met' : 'NOT met'}`,
  );
  if (cpuBefore !== undefined && cpuAfter !== undefined) {
    const perSignIn = (cpuAfter - cpuBefore) / (3 * SIGN_INS);
    console.log(
      `    server CPU per sign-in: ${perSignIn.toFixed(2)} ms (less affected by other load than the rate: one free core would serve about ${Math.round(1000 / perSignIn)} /s)`,
    );
  }
  exponentiation();
  console.log('(client and server share 2 cores with other work: figures vary from run to run)');
} finally {
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createLogger } from '../log.ts';
import { awsJson, cognitoCall } from '../testing/cognito-requests.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { openIdentity } from './index.ts';

/*
 * The identity store commits with synchronous=NORMAL: what was acknowledged must survive the
 * process being killed outright. A burst of sign-ins and guest credentials, SIGKILL right after the last
 * answer, then the data directory is opened again. The demo users are written into the data
 * directory beforehand and the process starts with --no-seed: the project's seed (records and files
 * through the clients) would take seconds of its own and is not what this test is about.
 */
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

test('SIGKILL after a burst of sign-ins and identity-pool credentials loses nothing that was acknowledged', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-backend-kill-'));
  const silent = createLogger('error', () => undefined);
  const before = openIdentity(dataDir, 'http://localhost', silent);
  for (const account of DEMO_ACCOUNTS) {
    before.store.addToGroup(before.userPool.createUser(account.email, account.password).sub, account.group);
  }
  before.store.close();
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MAIN,
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--outputs',
      join(dataDir, 'outputs.json'),
      '--no-seed',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  try {
    let out = '';
    proc.stderr.resume();
    const baseUrl = await new Promise<string>((resolve, reject) => {
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /local backend on (http:\/\/\S+)/.exec(out);
        if (m && /started in/.test(out)) resolve(m[1]!);
      });
      proc.on('exit', (code) => reject(new Error(`the backend exited (${code})`)));
    });
    const outputs = JSON.parse(readFileSync(join(dataDir, 'outputs.json'), 'utf8')) as {
      auth: { identity_pool_id: string };
    };
    const poolId = outputs.auth.identity_pool_id;

    const cognito = (target: string, body: unknown) => cognitoCall(baseUrl, target, body);
    const identity = (target: string, body: unknown) =>
      awsJson(`${baseUrl}/cognito-identity`, `AWSCognitoIdentityService.${target}`, body);

    // Each sign-in commits a refresh token; each guest GetId + GetCredentialsForIdentity an identity and credentials.
    const [signedIn, guests] = await Promise.all([
      Promise.all(
        Array.from({ length: 24 }, (_, i) => DEMO_ACCOUNTS[i % DEMO_ACCOUNTS.length]!).map((a) =>
          cognito('InitiateAuth', {
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: a.email, PASSWORD: a.password },
          }),
        ),
      ),
      Promise.all(
        Array.from({ length: 12 }, async () => {
          const { json } = await identity('GetId', { IdentityPoolId: poolId });
          return identity('GetCredentialsForIdentity', { IdentityId: json['IdentityId'] });
        }),
      ),
    ]);
    proc.kill('SIGKILL');
    await exited;
    assert.ok(signedIn.every((r) => r.status === 200));
    assert.ok(guests.every((r) => r.status === 200));

    const id = openIdentity(dataDir, baseUrl, silent);
    try {
      for (const r of signedIn) {
        const token = (r.json['AuthenticationResult'] as { RefreshToken: string }).RefreshToken;
        assert.equal(id.store.refreshToken(token)?.revoked, 0, 'the refresh token survived');
      }
      for (const r of guests) {
        const issued = r.json['Credentials'] as { AccessKeyId: string };
        assert.equal(
          id.store.credentials(issued.AccessKeyId)?.identity_id,
          r.json['IdentityId'],
          'credentials survived',
        );
        assert.ok(id.store.identity(String(r.json['IdentityId'])), 'the identity survived');
      }
    } finally {
      id.store.close();
    }
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});

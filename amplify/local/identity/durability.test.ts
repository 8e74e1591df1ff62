import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createLogger } from '../log.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { openIdentity } from './index.ts';

/*
 * The identity store commits with synchronous=NORMAL: what was acknowledged must survive the
 * process being killed outright. A burst of sign-ups and sign-ins, SIGKILL right after the last
 * answer, then the data directory is opened again.
 */
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

test('SIGKILL after a burst of sign-ups and sign-ins loses nothing that was acknowledged', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'local-backend-kill-'));
  try {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, '--port', '0', '--data-dir', dataDir, '--outputs', ''],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise((resolve) => proc.on('exit', resolve));
    let out = '';
    proc.stderr.resume();
    const baseUrl = await new Promise<string>((resolve, reject) => {
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /local backend on (http:\/\/\S+)/.exec(out);
        if (m && /Demo accounts/.test(out)) resolve(m[1]!);
      });
      proc.on('exit', (code) => reject(new Error(`the backend exited (${code})`)));
    });

    const call = async (target: string, body: unknown) => {
      const res = await fetch(`${baseUrl}/cognito-idp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const emails = Array.from({ length: 24 }, (_, i) => `burst-${i}@example.com`);
    const signedUp = await Promise.all(
      emails.map((email) =>
        call('SignUp', {
          Username: email,
          Password: 'Burst-Password-1',
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      ),
    );
    const signedIn = await Promise.all(
      [...DEMO_ACCOUNTS, ...DEMO_ACCOUNTS].map((a) =>
        call('InitiateAuth', {
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: a.email, PASSWORD: a.password },
        }),
      ),
    );
    assert.ok(signedUp.every((r) => r.status === 200));
    assert.ok(signedIn.every((r) => r.status === 200));
    proc.kill('SIGKILL');
    await exited;

    const id = openIdentity(
      dataDir,
      baseUrl,
      createLogger('error', () => undefined),
    );
    try {
      for (const [i, email] of emails.entries()) {
        const user = id.store.userByEmailOrSub(email);
        assert.ok(user, `${email} survived`);
        assert.equal(user.sub, signedUp[i]!.json['UserSub']);
        assert.equal(user.status, 'UNCONFIRMED');
      }
      for (const r of signedIn) {
        const token = (r.json['AuthenticationResult'] as { RefreshToken: string }).RefreshToken;
        assert.equal(id.store.refreshToken(token)?.revoked, 0, 'the refresh token survived');
      }
    } finally {
      id.store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

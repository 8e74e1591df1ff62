import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';

// Short-lived tokens, so the client has to refresh them during the test.
process.env['LOCAL_BACKEND_TOKEN_TTL_SECONDS'] = '2';
let backend: TestBackend;

before(async () => {
  backend = await startTestBackend();
  Amplify.configure(toResourcesConfig(backend.outputs));
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend.stop();
});

test('the client refreshes an expired access token with its refresh token', async () => {
  const [admin] = DEMO_ACCOUNTS;
  await signIn({ username: admin.email, password: admin.password });
  const first = (await fetchAuthSession()).tokens!;
  const firstExp = first.accessToken.payload.exp!;
  assert.ok(firstExp - Date.now() / 1000 <= 2);

  // Wait until the backend itself calls the token expired (bounded), rather than a fixed sleep.
  const expired = async () =>
    backend.identity.verifyToken(first.accessToken.toString()).then(
      () => false,
      (err: { reason?: string }) => err.reason === 'expired',
    );
  for (let i = 0; i < 50 && !(await expired()); i++) await new Promise((r) => setTimeout(r, 100));
  await assert.rejects(backend.identity.verifyToken(first.accessToken.toString()), { reason: 'expired' });

  const second = (await fetchAuthSession()).tokens!;
  assert.ok(second.accessToken.payload.exp! > firstExp, 'a new access token was issued');
  assert.deepEqual(second.idToken?.payload['cognito:groups'], ['ADMINS']);
  const claims = await backend.identity.verifyToken(second.accessToken.toString(), 'access');
  assert.equal(claims.sub, first.accessToken.payload.sub);
  assert.equal(claims.auth_time, first.accessToken.payload['auth_time'], 'a refresh keeps the sign-in time');
});

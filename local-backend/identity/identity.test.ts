import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { cognitoCall } from '../testing/cognito-requests.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { TokenError } from './api.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { openIdentity } from './index.ts';

const [ADMIN, OPERATOR, VIEWER] = DEMO_ACCOUNTS;
let backend: TestBackend;
// Where the client keeps its tokens, so a test can see the refresh token it holds.
const clientStorage = new Map<string, string>();

before(async () => {
  backend = await startTestBackend();
  Amplify.configure(toResourcesConfig(backend.outputs));
  cognitoUserPoolsTokenProvider.setKeyValueStorage({
    setItem: async (key, value) => void clientStorage.set(key, value),
    getItem: async (key) => clientStorage.get(key) ?? null,
    removeItem: async (key) => void clientStorage.delete(key),
    clear: async () => clientStorage.clear(),
  });
});

function heldRefreshToken(): string {
  const entry = [...clientStorage].find(([key]) => key.endsWith('.refreshToken'));
  assert.ok(entry, 'the client holds a refresh token');
  return entry[1];
}

after(async () => {
  await signOut().catch(() => undefined);
  await backend.stop();
});

const cognito = (operation: string, body: unknown) => cognitoCall(backend.baseUrl, operation, body);

describe('sign-in with the real aws-amplify Auth client', () => {
  test('SRP (the default flow) signs in and the ID token carries the group', async () => {
    const result = await signIn({ username: ADMIN.email, password: ADMIN.password });
    assert.equal(result.isSignedIn, true);
    assert.equal(result.nextStep.signInStep, 'DONE');
    const session = await fetchAuthSession();
    assert.deepEqual(session.tokens?.idToken?.payload['cognito:groups'], ['ADMINS']);
    assert.equal(session.tokens?.idToken?.payload['email'], ADMIN.email);
    assert.equal(session.tokens?.accessToken.payload['token_use'], 'access');
    const user = await getCurrentUser();
    assert.equal(user.signInDetails?.loginId, ADMIN.email);
    await signOut();
  });

  test('USER_PASSWORD_AUTH signs in too', async () => {
    const result = await signIn({
      username: VIEWER.email,
      password: VIEWER.password,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
    assert.equal(result.isSignedIn, true);
    const session = await fetchAuthSession();
    assert.deepEqual(session.tokens?.idToken?.payload['cognito:groups'], ['VIEWERS']);
    await signOut();
  });

  test('a wrong password is refused with NotAuthorizedException', async () => {
    await assert.rejects(signIn({ username: OPERATOR.email, password: 'Wrong-Password-1' }), (err: Error) => {
      assert.equal(err.name, 'NotAuthorizedException');
      assert.equal(err.message, 'Incorrect username or password.');
      return true;
    });
    await assert.rejects(
      signIn({
        username: OPERATOR.email,
        password: 'Wrong-Password-1',
        options: { authFlowType: 'USER_PASSWORD_AUTH' },
      }),
      {
        name: 'NotAuthorizedException',
      },
    );
  });

  test('an unknown user is refused as a wrong password is (PreventUserExistenceErrors, as Amplify deploys it)', async () => {
    await assert.rejects(signIn({ username: 'nobody@example.com', password: 'Whatever-123' }), {
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  test('a user with a temporary password must choose a new one', async () => {
    const user = backend.identityService.userPool.createUser(
      'temp@example.com',
      'Temp-Pass-123',
      'FORCE_CHANGE_PASSWORD',
    );
    backend.identityService.store.addToGroup(user.sub, 'OPERATORS');
    const first = await signIn({ username: 'temp@example.com', password: 'Temp-Pass-123' });
    assert.equal(first.isSignedIn, false);
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    await assert.rejects(confirmSignIn({ challengeResponse: 'short' }), { name: 'InvalidPasswordException' });
    // The challenge session survives a refused password: the user just tries again.
    const done = await confirmSignIn({ challengeResponse: 'New-Pass-456' });
    assert.equal(done.isSignedIn, true);
    assert.deepEqual((await fetchAuthSession()).tokens?.idToken?.payload['cognito:groups'], ['OPERATORS']);
    await signOut();
    await assert.rejects(signIn({ username: 'temp@example.com', password: 'Temp-Pass-123' }), {
      name: 'NotAuthorizedException',
    });
    const again = await signIn({ username: 'temp@example.com', password: 'New-Pass-456' });
    assert.equal(again.isSignedIn, true);
    await signOut();
  });

  test('identity-pool credentials map back to the user and their groups', async () => {
    await signIn({ username: OPERATOR.email, password: OPERATOR.password });
    const session = await fetchAuthSession();
    assert.ok(session.credentials?.accessKeyId, 'credentials were issued');
    assert.ok(session.identityId?.startsWith('us-east-1:'));
    const issued = backend.identity.credentialsFor(session.credentials!.accessKeyId);
    assert.equal(issued?.authenticated, true);
    assert.equal(issued?.username, OPERATOR.email);
    assert.deepEqual(issued?.groups, ['OPERATORS']);
    assert.equal(issued?.identityId, session.identityId);
    assert.equal(issued?.secretAccessKey, session.credentials!.secretAccessKey);
    const idAgain = (await fetchAuthSession({ forceRefresh: true })).identityId;
    assert.equal(idAgain, session.identityId, 'the identity id is stable per user');
    await signOut();
  });

  test('guests get credentials that say so', async () => {
    const session = await fetchAuthSession();
    assert.equal(session.tokens, undefined);
    assert.ok(session.credentials?.accessKeyId);
    const issued = backend.identity.credentialsFor(session.credentials!.accessKeyId);
    assert.equal(issued?.authenticated, false);
    assert.deepEqual(issued?.groups, []);
  });

  test('sign-out revokes the refresh token the client held', async () => {
    await signIn({ username: VIEWER.email, password: VIEWER.password });
    const tokens = (await fetchAuthSession()).tokens!;
    const refreshToken = heldRefreshToken();
    const refresh = () =>
      cognito('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: backend.identity.userPoolClientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
    const before = await refresh();
    assert.equal(before.status, 200);
    assert.ok((before.json['AuthenticationResult'] as Record<string, unknown>)['AccessToken']);
    await signOut();
    const after = await refresh();
    assert.equal(after.status, 400);
    assert.equal(after.json['__type'], 'NotAuthorizedException');
    assert.equal(after.json['message'], 'Refresh Token has been revoked');
    await assert.rejects(
      backend.identity.verifyToken(tokens.accessToken.toString(), 'access'),
      (err: TokenError) => err.reason === 'revoked',
    );
  });

  test('global sign-out revokes the refresh token and the tokens issued from it', async () => {
    await signIn({ username: ADMIN.email, password: ADMIN.password });
    const tokens = (await fetchAuthSession()).tokens!;
    const { json: before } = await cognito('GetUser', { AccessToken: tokens.accessToken.toString() });
    assert.equal(
      (before['UserAttributes'] as { Name: string; Value: string }[]).find((a) => a.Name === 'email')?.Value,
      ADMIN.email,
    );
    await signOut({ global: true });
    const { status, json } = await cognito('GetUser', { AccessToken: tokens.accessToken.toString() });
    assert.equal(status, 400);
    assert.equal(json['__type'], 'NotAuthorizedException');
    await assert.rejects(
      backend.identity.verifyToken(tokens.idToken!.toString()),
      (err: TokenError) => err.reason === 'revoked',
    );
  });
});

describe('tokens', () => {
  test('verify against the JWKS the pool publishes over HTTP', async () => {
    await signIn({ username: VIEWER.email, password: VIEWER.password });
    const idToken = (await fetchAuthSession()).tokens!.idToken!.toString();
    const [h, p, s] = idToken.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid: string };
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const jwks = (await (await fetch(`${String(payload['iss'])}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    assert.ok(jwk, 'the signing key is published');
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    assert.equal(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')), true);
    for (const claim of [
      'sub',
      'iss',
      'aud',
      'token_use',
      'auth_time',
      'exp',
      'iat',
      'email',
      'cognito:username',
      'cognito:groups',
    ]) {
      assert.ok(claim in payload, `claim ${claim}`);
    }
    assert.equal(payload['aud'], backend.identity.userPoolClientId);
    const claims = await backend.identity.verifyToken(idToken, 'id');
    assert.deepEqual(claims['cognito:groups'], ['VIEWERS']);
    await assert.rejects(backend.identity.verifyToken(idToken, 'access'), (err: TokenError) => err.reason === 'use');
    await signOut();
  });

  test('a tampered token is refused', async () => {
    await signIn({ username: OPERATOR.email, password: OPERATOR.password });
    const idToken = (await fetchAuthSession()).tokens!.idToken!.toString();
    await signOut();
    const [h, p, s] = idToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    claims['cognito:groups'] = ['ADMINS'];
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    await assert.rejects(backend.identity.verifyToken(forged), (err: TokenError) => err.reason === 'signature');
    await assert.rejects(backend.identity.verifyToken('not-a-jwt'), (err: TokenError) => err.reason === 'malformed');
  });
});

describe('persistence', () => {
  test('users, identity ids, signing keys and credentials survive a restart', async () => {
    const dataDir = backend.dataDir;
    await signIn({ username: ADMIN.email, password: ADMIN.password });
    const session = await fetchAuthSession();
    const idToken = session.tokens!.idToken!.toString();
    const port = backend.port;
    await backend.stop({ keepData: true });
    backend = await startTestBackend({ dataDir, port });
    Amplify.configure(toResourcesConfig(backend.outputs));
    const claims = await backend.identity.verifyToken(idToken);
    assert.equal(claims.email, ADMIN.email, 'a token from before the restart still verifies');
    assert.equal(backend.identity.credentialsFor(session.credentials!.accessKeyId)?.username, ADMIN.email);
    await signOut();
    await signIn({ username: ADMIN.email, password: ADMIN.password });
    assert.equal((await fetchAuthSession()).identityId, session.identityId, 'the same identity id after a restart');
    await signOut();
  });
});

describe('the users CLI state', () => {
  test('opens the same pool from the data directory', () => {
    const id = openIdentity(backend.dataDir, backend.baseUrl, { debug() {}, info() {}, warn() {}, error() {} });
    try {
      assert.equal(id.userPoolId, backend.identity.userPoolId);
      const emails = id.store.listUsers().map((u) => u.email);
      for (const account of DEMO_ACCOUNTS) assert.ok(emails.includes(account.email));
    } finally {
      id.store.close();
    }
  });
});

describe('error answers', () => {
  test('a message quoting text past Latin-1 is answered: the body as it is, the header percent-encoded', async () => {
    const poolId = 'us-east-1:Ünïcode…名前\n';
    const res = await fetch(`${backend.baseUrl}/cognito-identity`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetId',
      },
      body: JSON.stringify({ IdentityPoolId: poolId }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'ResourceNotFoundException:');
    const message = `IdentityPool '${poolId}' not found.`;
    assert.deepEqual(await res.json(), { __type: 'ResourceNotFoundException', message });
    const header = res.headers.get('x-amzn-errormessage') ?? '';
    assert.match(header, /^[\x20-\x7e]+$/);
    assert.equal(decodeURIComponent(header), message);
  });
});

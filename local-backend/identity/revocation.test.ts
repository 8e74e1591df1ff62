import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { awsJson, cognitoCall, signInTokens, type SignInTokens } from '../testing/cognito-requests.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';

/*
 * What Cognito does to a person's session when an admin disables or removes them, or when they
 * (or an admin) sign out everywhere: their refresh token is refused with Cognito's message, and
 * their access and ID tokens no longer work with GetUser, AppSync or the identity pool. Every
 * request is sent as the clients send it: the AWS SDK for the admin API, JSON 1.1 and GraphQL by hand.
 */
let backend: TestBackend;
let admin: CognitoIdentityProviderClient;
const PASSWORD = 'Revoke-Me-2026';

before(async () => {
  backend = await startTestBackend({ seed: false });
  const creds = backend.identityService.admin.issueRoleCredentials('revoker-role/revoker', [
    'cognito-idp:AdminDisableUser',
    'cognito-idp:AdminDeleteUser',
    'cognito-idp:AdminUserGlobalSignOut',
  ]);
  admin = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: `${backend.baseUrl}/cognito-idp`,
    credentials: creds,
  });
});

after(async () => {
  admin?.destroy();
  await backend?.stop();
});

/** A new person in VIEWERS, signed in: their tokens. */
async function signedInPerson(email: string): Promise<SignInTokens> {
  const user = backend.identityService.userPool.createUser(email, PASSWORD);
  backend.identityService.store.addToGroup(user.sub, 'VIEWERS');
  return signInTokens(backend, email, PASSWORD);
}

const refresh = (tokens: SignInTokens) =>
  cognitoCall(backend.baseUrl, 'InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: backend.identity.userPoolClientId,
    AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
  });

const getUser = (tokens: SignInTokens) => cognitoCall(backend.baseUrl, 'GetUser', { AccessToken: tokens.AccessToken });

/** A list query to the GraphQL endpoint with a user-pool token, as the Data client sends it. */
async function graphql(token: string): Promise<{ status: number; errorType?: string }> {
  const url = (backend.outputs['data'] as { url: string }).url;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query: 'query { listSongs { items { id } } }' }),
  });
  const body = (await res.json()) as { errors?: { errorType?: string }[] };
  return { status: res.status, errorType: body.errors?.[0]?.errorType };
}

const loginsKey = () => `cognito-idp.us-east-1.amazonaws.com/${backend.identity.userPoolId}`;
const identityPool = (operation: string, body: unknown) =>
  awsJson(`${backend.baseUrl}/cognito-identity`, `AWSCognitoIdentityService.${operation}`, body);
const getId = (idToken: string, key = loginsKey()) =>
  identityPool('GetId', { IdentityPoolId: backend.identity.identityPoolId, Logins: { [key]: idToken } });

/** Everything the person's tokens open works before the revocation (so the refusals after it can fail). */
async function assertWorking(tokens: SignInTokens): Promise<string> {
  assert.equal((await refresh(tokens)).status, 200);
  assert.equal((await getUser(tokens)).status, 200);
  assert.equal((await graphql(tokens.AccessToken)).status, 200);
  assert.equal((await graphql(tokens.IdToken)).status, 200);
  const id = await getId(tokens.IdToken);
  assert.equal(id.status, 200, JSON.stringify(id.json));
  return String(id.json['IdentityId']);
}

async function assertRefused(
  tokens: SignInTokens,
  identityId: string,
  expected: { refresh: [string, string]; getUser: [string, string] },
): Promise<void> {
  const refreshed = await refresh(tokens);
  assert.equal(refreshed.status, 400);
  assert.deepEqual([refreshed.json['__type'], refreshed.json['message']], expected.refresh);
  const user = await getUser(tokens);
  assert.equal(user.status, 400);
  assert.deepEqual([user.json['__type'], user.json['message']], expected.getUser);
  for (const token of [tokens.AccessToken, tokens.IdToken]) {
    assert.deepEqual(await graphql(token), { status: 401, errorType: 'UnauthorizedException' });
  }
  const id = await getId(tokens.IdToken);
  assert.equal(id.status, 400);
  assert.equal(id.json['__type'], 'NotAuthorizedException');
  const credentials = await identityPool('GetCredentialsForIdentity', {
    IdentityId: identityId,
    Logins: { [loginsKey()]: tokens.IdToken },
  });
  assert.equal(credentials.status, 400);
  assert.equal(credentials.json['__type'], 'NotAuthorizedException');
}

describe('a session ends for good', () => {
  test('AdminDisableUser: "User is disabled." for the refresh and GetUser; tokens refused everywhere', async () => {
    const tokens = await signedInPerson('disabled@example.com');
    const identityId = await assertWorking(tokens);
    await admin.send(
      new AdminDisableUserCommand({ UserPoolId: backend.identity.userPoolId, Username: 'disabled@example.com' }),
    );
    await assertRefused(tokens, identityId, {
      refresh: ['NotAuthorizedException', 'User is disabled.'],
      getUser: ['NotAuthorizedException', 'User is disabled.'],
    });
  });

  test('AdminDeleteUser: "User does not exist." for the refresh and GetUser; tokens refused everywhere', async () => {
    const tokens = await signedInPerson('deleted@example.com');
    const identityId = await assertWorking(tokens);
    await admin.send(
      new AdminDeleteUserCommand({ UserPoolId: backend.identity.userPoolId, Username: 'deleted@example.com' }),
    );
    await assertRefused(tokens, identityId, {
      refresh: ['UserNotFoundException', 'User does not exist.'],
      getUser: ['UserNotFoundException', 'User does not exist.'],
    });
    // Someone invited again under the same email is a new user; the old refresh token stays dead.
    await signedInPerson('deleted@example.com');
    assert.equal((await refresh(tokens)).json['message'], 'User does not exist.');
  });

  test('AdminUserGlobalSignOut: every session of the person is revoked; they can sign in again', async () => {
    const first = await signedInPerson('admin-signed-out@example.com');
    const second = await signInTokens(backend, 'admin-signed-out@example.com', PASSWORD);
    const identityId = await assertWorking(first);
    await admin.send(
      new AdminUserGlobalSignOutCommand({
        UserPoolId: backend.identity.userPoolId,
        Username: 'admin-signed-out@example.com',
      }),
    );
    for (const tokens of [first, second]) {
      await assertRefused(tokens, identityId, {
        refresh: ['NotAuthorizedException', 'Refresh Token has been revoked'],
        getUser: ['NotAuthorizedException', 'Access Token has been revoked'],
      });
    }
    await assertWorking(await signInTokens(backend, 'admin-signed-out@example.com', PASSWORD));
  });

  test('GlobalSignOut with the access token: the same, and other people keep their sessions', async () => {
    const tokens = await signedInPerson('signed-out@example.com');
    const bystander = await signedInPerson('bystander@example.com');
    const identityId = await assertWorking(tokens);
    const signedOut = await cognitoCall(backend.baseUrl, 'GlobalSignOut', { AccessToken: tokens.AccessToken });
    assert.equal(signedOut.status, 200);
    await assertRefused(tokens, identityId, {
      refresh: ['NotAuthorizedException', 'Refresh Token has been revoked'],
      getUser: ['NotAuthorizedException', 'Access Token has been revoked'],
    });
    await assertWorking(bystander);
  });

  test('AdminUserGlobalSignOut needs its IAM grant and names an existing user', async () => {
    const tokens = await signedInPerson('kept@example.com');
    const other = backend.identityService.admin.issueRoleCredentials('other-role/other', [
      'cognito-idp:AdminDisableUser',
    ]);
    const outsider = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: `${backend.baseUrl}/cognito-idp`,
      credentials: other,
    });
    try {
      const command = new AdminUserGlobalSignOutCommand({
        UserPoolId: backend.identity.userPoolId,
        Username: 'kept@example.com',
      });
      await assert.rejects(outsider.send(command), { name: 'AccessDeniedException' });
    } finally {
      outsider.destroy();
    }
    const nobody = new AdminUserGlobalSignOutCommand({
      UserPoolId: backend.identity.userPoolId,
      Username: 'nobody@example.com',
    });
    await assert.rejects(admin.send(nobody), { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assertWorking(tokens);
  });
});

describe('the identity pool Logins key', () => {
  test('the key AWS documents (cognito-idp.<region>.amazonaws.com/<poolId>) and the local issuer name one pool', async () => {
    const tokens = await signedInPerson('logins@example.com');
    const issuerKey = String(
      JSON.parse(Buffer.from(tokens.IdToken.split('.')[1]!, 'base64url').toString())['iss'],
    ).replace(/^\w+:\/\//, '');
    const canonical = await getId(tokens.IdToken, loginsKey());
    const local = await getId(tokens.IdToken, issuerKey);
    assert.equal(canonical.status, 200, JSON.stringify(canonical.json));
    assert.equal(local.status, 200, JSON.stringify(local.json));
    assert.equal(canonical.json['IdentityId'], local.json['IdentityId'], 'one identity for the person');

    const credentials = await identityPool('GetCredentialsForIdentity', {
      IdentityId: canonical.json['IdentityId'],
      Logins: { [loginsKey()]: tokens.IdToken },
    });
    assert.equal(credentials.status, 200, JSON.stringify(credentials.json));
    const accessKeyId = (credentials.json['Credentials'] as { AccessKeyId: string }).AccessKeyId;
    assert.equal(backend.identity.credentialsFor(accessKeyId)?.username, 'logins@example.com');

    const other = await getId(tokens.IdToken, 'cognito-idp.us-east-1.amazonaws.com/us-east-1_another');
    assert.equal(other.status, 400);
    assert.equal(other.json['__type'], 'NotAuthorizedException');
  });
});

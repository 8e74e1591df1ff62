import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../amplify/data/resource.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from './identity/demo-accounts.ts';
import { cognitoCall, signInTokens } from './testing/cognito-requests.ts';
import { startTestBackend, type TestBackend } from './testing/test-backend.ts';

/*
 * Operator management end to end below the browser: the real user-admin handler (the bundle the
 * synthesis made) runs for the real aws-amplify Data client's custom operations, and calls the
 * local Cognito admin API with the AWS SDK, SigV4-signed with its role's credentials.
 */
const [ADMIN, OPERATOR, VIEWER] = DEMO_ACCOUNTS;
const client = generateClient<Schema>();
const logLines: string[] = [];
let backend: TestBackend;

async function as(account: { email: string; password: string }) {
  await signOut().catch(() => undefined);
  await signIn({ username: account.email, password: account.password });
}

function temporaryPasswordFor(email: string): string {
  const line = [...logLines].reverse().find((l) => l.includes(`Invitation for ${email}`));
  const password = line && /temporary password (\S+)/.exec(line)?.[1];
  if (!password) throw new Error(`no invitation for ${email} in the log`);
  return password;
}

/** A refresh token from a password sign-in outside the Amplify singleton. */
const rawSignIn = async (email: string, password: string) =>
  (await signInTokens(backend, email, password)).RefreshToken;

async function users(search?: string) {
  const { data, errors } = await client.queries.listUsers({ search, limit: 60 });
  assert.equal(errors, undefined);
  return data!.users;
}

before(async () => {
  backend = await startTestBackend({ logLevel: 'info' }, (line) => logLines.push(line));
  Amplify.configure(toResourcesConfig(backend.outputs));
  backend.identityService.userPool.createUser('nogroup@example.com', 'No-Group-2026');
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend?.stop();
});

describe('user management through the Data client, as ADMINS', () => {
  before(() => as(ADMIN));

  test('listUsers gives every person with their role, status and enabled flag', async () => {
    const all = await users();
    const byEmail = new Map(all.map((u) => [u.email, u]));
    assert.equal(byEmail.get(ADMIN.email)?.role, 'ADMINS');
    assert.equal(byEmail.get(OPERATOR.email)?.role, 'OPERATORS');
    assert.equal(byEmail.get(VIEWER.email)?.role, 'VIEWERS');
    assert.equal(byEmail.get('nogroup@example.com')?.role, null);
    assert.equal(byEmail.get(ADMIN.email)?.status, 'CONFIRMED');
    assert.equal(byEmail.get(ADMIN.email)?.enabled, true);
    assert.match(byEmail.get(ADMIN.email)!.createdAt!, /^\d{4}-\d{2}-\d{2}T/);
  });

  test('listUsers searches by email prefix and pages with nextToken', async () => {
    assert.deepEqual(
      (await users('operator')).map((u) => u.email),
      [OPERATOR.email],
    );
    const seen: string[] = [];
    let nextToken: string | null | undefined;
    do {
      const { data } = await client.queries.listUsers({ limit: 2, nextToken });
      assert.ok(data!.users.length <= 2);
      seen.push(...data!.users.map((u) => u.email!));
      nextToken = data!.nextToken;
    } while (nextToken);
    assert.deepEqual([...seen].sort(), (await users()).map((u) => u.email!).sort());
    assert.equal(new Set(seen).size, seen.length);
  });

  test('an invited operator signs in with the temporary password from the log and sets a new one', async () => {
    const { data, errors } = await client.mutations.inviteUser({ email: 'New.Op@Example.com', role: 'OPERATORS' });
    assert.equal(errors, undefined);
    assert.equal(data!.email, 'new.op@example.com');
    assert.equal(data!.role, 'OPERATORS');
    assert.equal(data!.status, 'FORCE_CHANGE_PASSWORD');

    await signOut();
    const first = await signIn({
      username: 'new.op@example.com',
      password: temporaryPasswordFor('new.op@example.com'),
    });
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const done = await confirmSignIn({ challengeResponse: 'Brand-New-Pass-2026' });
    assert.equal(done.isSignedIn, true);
    const session = await fetchAuthSession();
    assert.deepEqual(session.tokens?.accessToken.payload['cognito:groups'], ['OPERATORS']);
    await as(ADMIN);
    const invited = (await users('new.op')).at(0);
    assert.equal(invited?.status, 'CONFIRMED');
  });

  test('bad invitations get a clear message and create nobody', async () => {
    const before = (await users()).length;
    for (const [input, message] of [
      [{ email: 'not-an-email', role: 'OPERATORS' }, /"not-an-email" is not an email address/],
      [
        { email: 'someone@example.com', role: 'SUPERUSERS' },
        /Unknown role "SUPERUSERS": choose ADMINS, OPERATORS, VIEWERS/,
      ],
      [{ email: OPERATOR.email, role: 'VIEWERS' }, /A user with that email already exists/],
    ] as const) {
      const { data, errors } = await client.mutations.inviteUser(input);
      assert.equal(data, null);
      // AppSync's shape for a function that threw.
      assert.equal(errors?.[0]?.errorType, 'Lambda:Unhandled');
      assert.match(errors![0]!.message, message);
    }
    assert.equal((await users()).length, before);
  });

  test('setUserRole moves a person to exactly one other group', async () => {
    await client.mutations.inviteUser({ email: 'promote.me@example.com', role: 'VIEWERS' });
    const target = (await users('promote.me'))[0]!;
    const { data, errors } = await client.mutations.setUserRole({ username: target.username, role: 'OPERATORS' });
    assert.equal(errors, undefined);
    assert.equal(data!.role, 'OPERATORS');
    const sub = target.username;
    assert.deepEqual(backend.identityService.store.groupsOf(sub), ['OPERATORS']);
  });

  test('an admin cannot demote, disable or remove themselves, and the last ADMIN stays one', async () => {
    const me = (await users(ADMIN.email))[0]!;
    for (const [call, message] of [
      [() => client.mutations.setUserRole({ username: me.username, role: 'VIEWERS' }), /own ADMINS role/],
      [() => client.mutations.disableUser({ username: me.username }), /disable your own/],
      [() => client.mutations.removeUser({ username: me.username }), /remove your own/],
    ] as const) {
      const { errors } = await call();
      assert.match(errors![0]!.message, message);
    }
    assert.equal((await users(ADMIN.email))[0]!.role, 'ADMINS');
    assert.equal((await users(ADMIN.email))[0]!.enabled, true);
  });

  test('the last ADMIN cannot be given another role, even by someone whose token still says ADMINS', async () => {
    await client.mutations.inviteUser({ email: 'second.admin@example.com', role: 'ADMINS' });
    const me = (await users(ADMIN.email))[0]!;
    const second = (await users('second.admin'))[0]!;
    await signOut();
    await signIn({ username: 'second.admin@example.com', password: temporaryPasswordFor('second.admin@example.com') });
    await confirmSignIn({ challengeResponse: 'Second-Admin-2026' });
    // The first admin demotes the second, whose token keeps its ADMINS claim until the next refresh.
    backend.identityService.store.removeFromGroup(second.username, 'ADMINS');
    backend.identityService.store.addToGroup(second.username, 'VIEWERS');
    const { errors } = await client.mutations.setUserRole({ username: me.username, role: 'VIEWERS' });
    assert.match(errors![0]!.message, /The last ADMIN cannot be given another role/);
    assert.deepEqual(backend.identityService.store.groupsOf(me.username), ['ADMINS']);
    await as(ADMIN);
  });

  test('a disabled user cannot sign in nor refresh; enabled again, they can', async () => {
    await client.mutations.inviteUser({ email: 'to.disable@example.com', role: 'VIEWERS' });
    const target = (await users('to.disable'))[0]!;
    await signOut();
    await signIn({ username: 'to.disable@example.com', password: temporaryPasswordFor('to.disable@example.com') });
    await confirmSignIn({ challengeResponse: 'Disable-Me-2026' });
    await as(ADMIN);

    const refreshToken = await rawSignIn('to.disable@example.com', 'Disable-Me-2026');
    const { data } = await client.mutations.disableUser({ username: target.username });
    assert.equal(data!.enabled, false);
    await signOut();
    await assert.rejects(
      signIn({ username: 'to.disable@example.com', password: 'Disable-Me-2026' }),
      /User is disabled/,
    );
    const refreshed = await cognitoCall(backend.baseUrl, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: backend.identity.userPoolClientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    assert.equal(refreshed.json['__type'], 'NotAuthorizedException');

    await as(ADMIN);
    const enabled = await client.mutations.enableUser({ username: target.username });
    assert.equal(enabled.data!.enabled, true);
    await as({ email: 'to.disable@example.com', password: 'Disable-Me-2026' });
    await as(ADMIN);
  });

  test('removeUser removes the person; a second remove says they are gone', async () => {
    await client.mutations.inviteUser({ email: 'to.remove@example.com', role: 'VIEWERS' });
    const target = (await users('to.remove'))[0]!;
    const { data, errors } = await client.mutations.removeUser({ username: target.username });
    assert.equal(errors, undefined);
    assert.equal(data, target.username);
    assert.deepEqual(await users('to.remove'), []);
    const again = await client.mutations.removeUser({ username: target.username });
    assert.match(again.errors![0]!.message, /no longer exists/);
    // The backend stays up after a handler error.
    assert.ok((await users()).length > 0);
  });
});

describe('refused to everyone but ADMINS', () => {
  for (const account of [OPERATOR, VIEWER, { email: 'nogroup@example.com', password: 'No-Group-2026' }]) {
    test(`${account.email}: every operation is Unauthorized and changes nothing`, async () => {
      await as(account);
      const target = backend.identityService.store.userByEmailOrSub(VIEWER.email)!.sub;
      const calls = [
        () => client.queries.listUsers({}),
        () => client.mutations.inviteUser({ email: 'sneaky@example.com', role: 'ADMINS' }),
        () => client.mutations.setUserRole({ username: target, role: 'ADMINS' }),
        () => client.mutations.disableUser({ username: target }),
        () => client.mutations.enableUser({ username: target }),
        () => client.mutations.removeUser({ username: target }),
      ];
      for (const call of calls) {
        const { data, errors } = await call();
        assert.equal(data, null);
        assert.equal(errors?.[0]?.errorType, 'Unauthorized');
      }
      assert.equal(backend.identityService.store.userByEmailOrSub('sneaky@example.com'), undefined);
      assert.deepEqual(backend.identityService.store.groupsOf(target), ['VIEWERS']);
    });
  }
});

describe('the Cognito admin API', () => {
  const cognito = (creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) =>
    new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: `${backend.baseUrl}/cognito-idp`,
      credentials: creds,
    });
  const UserPoolId = () => backend.identity.userPoolId;

  test('refuses an action the role was not granted, and serves the granted one', async () => {
    const creds = backend.identityService.admin.issueRoleCredentials('list-only-role/list-only', [
      'cognito-idp:ListUsers',
    ]);
    const listed = await cognito(creds).send(new ListUsersCommand({ UserPoolId: UserPoolId() }));
    assert.ok((listed.Users ?? []).length >= 3);
    await assert.rejects(
      cognito(creds).send(new AdminCreateUserCommand({ UserPoolId: UserPoolId(), Username: 'x@example.com' })),
      (err: Error) =>
        err.name === 'AccessDeniedException' &&
        /not authorized to perform: cognito-idp:AdminCreateUser/.test(err.message),
    );
    assert.equal(backend.identityService.store.userByEmailOrSub('x@example.com'), undefined);
  });

  test('SignUp is refused: the pool allows admin-created users only', async () => {
    await signOut().catch(() => undefined);
    await assert.rejects(
      signUp({
        username: 'self@example.com',
        password: 'Self-Sign-Up-2026',
        options: { userAttributes: { email: 'self@example.com' } },
      }),
      /SignUp is not permitted for this user pool/,
    );
    assert.equal(backend.identityService.store.userByEmailOrSub('self@example.com'), undefined);
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UserAdminEvent } from '../functions/user-admin/handler.ts';
import { startTestBackend, type TestBackend } from './testing/test-backend.ts';

/*
 * The user-admin handler's own guarantee when it fails part-way: an invitation whose role cannot
 * be given removes the account it just created, so nobody is left in the pool without a role. The
 * handler source runs here with credentials that may create and delete users but not add them to
 * a group, against the local Cognito admin API.
 */
let backend: TestBackend;
let handler: (event: UserAdminEvent) => Promise<unknown>;
const saved = { ...process.env };

before(async () => {
  backend = await startTestBackend({ seed: false });
  const creds = backend.identityService.admin.issueRoleCredentials('no-groups-role/user-admin', [
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminDeleteUser',
    'cognito-idp:ListUsers',
  ]);
  Object.assign(process.env, {
    AMPLIFY_AUTH_USERPOOL_ID: backend.identity.userPoolId,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${backend.baseUrl}/cognito-idp`,
  });
  ({ handler } = await import('../functions/user-admin/handler.ts'));
});

after(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await backend?.stop();
});

test('an invitation whose role cannot be given leaves no account behind', async () => {
  await assert.rejects(
    handler({ fieldName: 'inviteUser', arguments: { email: 'half@example.com', role: 'OPERATORS' } }),
    (err: Error) => err.name === 'AccessDeniedException' && /AdminAddUserToGroup/.test(err.message),
  );
  assert.equal(backend.identityService.store.userByEmailOrSub('half@example.com'), undefined);
});

test('when the clean-up is refused too, the message says who is left without a role and what to do', async () => {
  const creds = backend.identityService.admin.issueRoleCredentials('create-only-role/user-admin', [
    'cognito-idp:AdminCreateUser',
  ]);
  // A fresh module: the handler keeps its SDK client, made from the environment at first use.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
  });
  const fresh = (await import(`../functions/user-admin/handler.ts?fresh=${Date.now()}`)) as { handler: typeof handler };
  await assert.rejects(
    fresh.handler({ fieldName: 'inviteUser', arguments: { email: 'stuck@example.com', role: 'VIEWERS' } }),
    /stuck@example\.com was created but could not be given the role VIEWERS, nor removed again .*give them a role or remove them on the Users page/,
  );
  // The Users page lists them with no role, where an admin can set one or remove them.
  assert.deepEqual(
    backend.identityService.store.groupsOf(backend.identityService.store.userByEmailOrSub('stuck@example.com')!.sub),
    [],
  );
});

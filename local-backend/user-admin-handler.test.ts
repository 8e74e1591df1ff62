import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestBackend, type TestBackend } from './testing/test-backend.ts';
import { userAdminHandlers, type UserAdminHandler } from './testing/user-admin-handler.ts';

/*
 * The user-admin handler's own guarantee when it fails part-way: an invitation whose role cannot
 * be given removes the account it just created, so nobody is left in the pool without a role. The
 * handler source runs here with credentials that may create and delete users but not add them to
 * a group, against the local Cognito admin API.
 */
let backend: TestBackend;
let handlers: ReturnType<typeof userAdminHandlers>;
let handler: UserAdminHandler;

before(async () => {
  backend = await startTestBackend({ seed: false });
  handlers = userAdminHandlers(backend);
  handler = await handlers.load('no-groups-role/user-admin', [
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminDeleteUser',
    'cognito-idp:ListUsers',
  ]);
});

after(async () => {
  handlers?.restore();
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
  const createOnly = await handlers.load('create-only-role/user-admin', ['cognito-idp:AdminCreateUser']);
  await assert.rejects(
    createOnly({ fieldName: 'inviteUser', arguments: { email: 'stuck@example.com', role: 'VIEWERS' } }),
    /stuck@example\.com was created but could not be given the role VIEWERS, nor removed again .*give them a role or remove them on the Users page/,
  );
  // The Users page lists them with no role, where an admin can set one or remove them.
  assert.deepEqual(
    backend.identityService.store.groupsOf(backend.identityService.store.userByEmailOrSub('stuck@example.com')!.sub),
    [],
  );
});

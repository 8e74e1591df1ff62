import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { awsCli, type Cli } from './cli.ts';

// The local Cognito admin API (what the user-admin function calls) through AWS CLI v2, signed with
// a role's credentials allowed some cognito-idp actions and not others.

let backend: TestBackend;
let cli: Cli;

before(async () => {
  backend = await startTestBackend();
  const creds = backend.identityService.admin.issueRoleCredentials('cli-admin-role/cli', [
    'cognito-idp:ListUsers',
    'cognito-idp:AdminListGroupsForUser',
  ]);
  cli = awsCli(`${backend.baseUrl}/cognito-idp`, creds);
});
after(async () => {
  cli.dispose();
  await backend.stop();
});

test('list-users pages through every demo user; admin-list-groups-for-user names their group', async () => {
  const pool = backend.identity.userPoolId;
  const first = (
    await cli.run(['cognito-idp', 'list-users', '--user-pool-id', pool, '--max-items', '2', '--page-size', '1'])
  ).json<{ Users: { Username: string; Attributes: { Name: string; Value: string }[] }[]; NextToken: string }>();
  assert.equal(first.Users.length, 2);
  const rest = (
    await cli.run(['cognito-idp', 'list-users', '--user-pool-id', pool, '--starting-token', first.NextToken])
  ).json<{ Users: { Attributes: { Name: string; Value: string }[] }[] }>();
  const emails = [...first.Users, ...rest.Users].map((u) => u.Attributes.find((a) => a.Name === 'email')?.Value);
  assert.deepEqual(emails.sort(), backend.demoAccounts.map((a) => a.email).sort());

  const admin = backend.demoAccounts.find((a) => a.group === 'ADMINS')!;
  const groups = (
    await cli.run(['cognito-idp', 'admin-list-groups-for-user', '--user-pool-id', pool, '--username', admin.email])
  ).json<{ Groups: { GroupName: string }[] }>();
  assert.deepEqual(
    groups.Groups.map((g) => g.GroupName),
    ['ADMINS'],
  );
});

test('an action the role was not granted: AccessDeniedException, and no user made', async () => {
  const pool = backend.identity.userPoolId;
  const made = await cli.run([
    'cognito-idp',
    'admin-create-user',
    '--user-pool-id',
    pool,
    '--username',
    'x@example.com',
  ]);
  assert.equal(made.code, 254);
  assert.match(
    made.stderr,
    /\(AccessDeniedException\) when calling the AdminCreateUser operation.*not authorized to perform: cognito-idp:AdminCreateUser/,
  );
  assert.equal(backend.identityService.store.userByEmailOrSub('x@example.com'), undefined);
});

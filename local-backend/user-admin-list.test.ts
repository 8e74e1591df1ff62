import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestBackend, type TestBackend } from './testing/test-backend.ts';
import { userAdminHandlers, type UserAdminHandler } from './testing/user-admin-handler.ts';

/*
 * The Users page's listUsers at scale: 130 people, and the user-admin handler's source asks the
 * local Cognito a few requests a page (counted where they arrive, in the backend's request log),
 * not one per person. Also the ListUsersInGroup paging it relies on, as Cognito pages it.
 */
const PEOPLE = 130;
const ROLE_ORDER = ['ADMINS', 'OPERATORS', 'VIEWERS'];
const requestLog: string[] = [];
let backend: TestBackend;
let handlers: ReturnType<typeof userAdminHandlers>;
const email = (i: number) => `person${String(i).padStart(3, '0')}@example.com`;

/** Every tenth person in no group, and two people in two groups each. */
function groupsFor(i: number): string[] {
  if (i === 1) return ['OPERATORS', 'VIEWERS'];
  if (i === 4) return ['ADMINS', 'VIEWERS'];
  const k = i % 10;
  return k === 0 ? ['ADMINS'] : k <= 3 ? ['OPERATORS'] : k <= 8 ? ['VIEWERS'] : [];
}

before(async () => {
  backend = await startTestBackend({ seed: false, logLevel: 'debug' }, (line) => requestLog.push(line));
  const { userPool, store } = backend.identityService;
  for (let i = 0; i < PEOPLE; i++) {
    const user = userPool.createUser(email(i), 'Person-Pass-2026');
    for (const group of groupsFor(i)) store.addToGroup(user.sub, group);
  }
  handlers = userAdminHandlers(backend);
});

after(async () => {
  handlers?.restore();
  await backend?.stop();
});

/** The cognito-idp operations the backend answered while `run` ran. */
async function cognitoRequests<T>(run: () => Promise<T>): Promise<{ result: T; operations: string[] }> {
  const from = requestLog.length;
  const result = await run();
  // The backend logs a request when its response has gone out: let the last line land.
  await new Promise((r) => setTimeout(r, 50));
  const operations = requestLog
    .slice(from)
    .map((line) => / POST \/cognito-idp\/? (\w+) →/.exec(line)?.[1])
    .filter((op): op is string => !!op);
  return { result, operations };
}

interface Listed {
  users: { email: string | null; role: string | null; username: string }[];
  nextToken: string | null;
}

const listUsers = (handler: UserAdminHandler, args: Record<string, unknown>) =>
  handler({ fieldName: 'listUsers', arguments: args }) as Promise<Listed>;

describe('listUsers asks Cognito a few requests a page, not one per person', () => {
  test('130 people in pages of 60: at most 5 requests a page, and every role right', async () => {
    const handler = await handlers.load('list-role/user-admin', [
      'cognito-idp:ListUsers',
      'cognito-idp:ListUsersInGroup',
    ]);
    const seen: Listed['users'] = [];
    const perPage: string[][] = [];
    let nextToken: string | null = null;
    do {
      const { result, operations } = await cognitoRequests(() => listUsers(handler, { limit: 60, nextToken }));
      seen.push(...result.users);
      perPage.push(operations);
      nextToken = result.nextToken;
    } while (nextToken);

    assert.equal(perPage.length, 3);
    // One ListUsers, then the groups' lists: ADMINS (14) and OPERATORS (39) one page each, VIEWERS (66) two.
    for (const operations of perPage) {
      assert.equal(operations.filter((op) => op === 'ListUsers').length, 1, operations.join(' '));
      assert.ok(operations.length <= 5, `${operations.length} requests: ${operations.join(' ')}`);
      assert.ok(
        operations.every((op) => op === 'ListUsers' || op === 'ListUsersInGroup'),
        operations.join(' '),
      );
    }
    const total = perPage.flat().length;
    assert.ok(total <= 15, `${total} requests for ${PEOPLE} people`);

    assert.equal(seen.length, PEOPLE);
    assert.equal(new Set(seen.map((u) => u.email)).size, PEOPLE);
    const roleOf = new Map(seen.map((u) => [u.email, u.role]));
    for (let i = 0; i < PEOPLE; i++) {
      const strongest = ROLE_ORDER.find((r) => groupsFor(i).includes(r)) ?? null;
      assert.equal(roleOf.get(email(i)), strongest, email(i));
    }
    assert.equal(roleOf.get(email(1)), 'OPERATORS');
    assert.equal(roleOf.get(email(4)), 'ADMINS');
    assert.equal(roleOf.get(email(9)), null);
  });

  test('a page of one person in no group: one group page read, then that person asked for directly', async () => {
    const handler = await handlers.load('list-role-2/user-admin', [
      'cognito-idp:ListUsers',
      'cognito-idp:ListUsersInGroup',
      'cognito-idp:AdminListGroupsForUser',
    ]);
    const { result, operations } = await cognitoRequests(() => listUsers(handler, { search: email(19), limit: 1 }));
    assert.deepEqual(
      result.users.map((u) => [u.email, u.role]),
      [[email(19), null]],
    );
    assert.deepEqual(operations, ['ListUsers', 'ListUsersInGroup', 'AdminListGroupsForUser']);

    const two = await cognitoRequests(() => listUsers(handler, { search: 'person00', limit: 2 }));
    assert.deepEqual(
      two.result.users.map((u) => [u.email, u.role]),
      [
        [email(0), 'ADMINS'],
        [email(1), 'OPERATORS'],
      ],
    );
    assert.ok(two.operations.length <= 1 + 2 * 2, two.operations.join(' '));
  });
});

describe('ListUsersInGroup pages as Cognito does', () => {
  let cognito: CognitoIdentityProviderClient;
  const UserPoolId = () => backend.identity.userPoolId;

  before(() => {
    const creds = backend.identityService.admin.issueRoleCredentials('group-lister/test', [
      'cognito-idp:ListUsersInGroup',
    ]);
    cognito = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: `${backend.baseUrl}/cognito-idp`,
      credentials: creds,
    });
  });

  after(() => cognito?.destroy());

  const list = (GroupName: string, Limit?: number, NextToken?: string) =>
    cognito.send(new ListUsersInGroupCommand({ UserPoolId: UserPoolId(), GroupName, Limit, NextToken }));
  const emails = (users: UserType[] | undefined) =>
    (users ?? []).map((u) => u.Attributes!.find((a) => a.Name === 'email')!.Value!);

  test('at most 60 a page, with or without a Limit; the last page has no NextToken', async () => {
    const members = backend.identityService.store.usersInGroup('VIEWERS').map((u) => u.email);
    assert.equal(members.length, 66);
    for (const limit of [undefined, 0, 60]) {
      const first = await list('VIEWERS', limit);
      assert.equal(first.Users?.length, 60);
      assert.ok(first.NextToken);
      const second = await list('VIEWERS', limit, first.NextToken);
      assert.equal(second.Users?.length, 6);
      assert.equal(second.NextToken, undefined);
      assert.deepEqual([...emails(first.Users), ...emails(second.Users)].sort(), [...members].sort());
    }
    await assert.rejects(list('VIEWERS', 61), (err: Error) => err.name === 'InvalidParameterException');
  });

  test('the NextToken is opaque and belongs to its own request', async () => {
    const first = await list('OPERATORS', 5);
    const token = first.NextToken!;
    // It holds where the next page starts, but a client cannot read (nor forge) it.
    const last = emails(first.Users).at(-1)!;
    assert.ok(!Buffer.from(token, 'base64url').toString('latin1').includes(last));
    assert.ok(!token.includes(last));
    for (const [group, bad] of [
      ['VIEWERS', token],
      ['OPERATORS', `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`],
      ['OPERATORS', 'b2Zmc2V0OjU'],
    ] as const) {
      await assert.rejects(
        list(group, 5, bad),
        (err: Error) => err.name === 'InvalidParameterException' && /Invalid NextToken/.test(err.message),
        `${group} ${bad}`,
      );
    }
  });

  test('someone removed between two pages makes nobody else skipped or repeated', async () => {
    const store = backend.identityService.store;
    const before = store.usersInGroup('ADMINS').map((u) => u.email);
    const first = await list('ADMINS', 5);
    store.deleteUser(store.userByEmailOrSub(emails(first.Users)[0]!)!.sub);
    const rest: string[] = [];
    let token = first.NextToken;
    while (token) {
      const next = await list('ADMINS', 5, token);
      rest.push(...emails(next.Users));
      token = next.NextToken;
    }
    assert.deepEqual([...emails(first.Users), ...rest], before);
  });

  test('a group that does not exist is a ResourceNotFoundException', async () => {
    await assert.rejects(list('WIZARDS'), (err: Error) => err.name === 'ResourceNotFoundException');
  });
});

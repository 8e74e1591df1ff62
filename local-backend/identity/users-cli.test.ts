import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, mock, test } from 'node:test';
import { parseOptions } from '../options.ts';
import { passwordSignIn, signInTokens } from '../testing/cognito-requests.ts';
import { startTestBackend } from '../testing/test-backend.ts';
import { IdentityStore } from './store.ts';
import { runUsersCommand } from './users-cli.ts';

let dataDir: string;

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'users-cli-test-'));
});

after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `users …` on the test data directory; returns the exit code and what it printed. */
async function users(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = mock.method(console, 'log', () => undefined);
  const err = mock.method(console, 'error', () => undefined);
  try {
    const { options } = parseOptions(['--data-dir', dataDir, '--outputs', '']);
    const code = await runUsersCommand(options, args);
    const text = (m: typeof out) => m.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
    return { code, out: text(out), err: text(err) };
  } finally {
    out.mock.restore();
    err.mock.restore();
  }
}

test('add, list, group changes and remove, then the backend signs the user in', async () => {
  assert.deepEqual(await users('list'), { code: 0, out: 'No users yet.', err: '' });

  const added = await users('add', 'tester@example.com', 'Tester-Pass-1', '--group', 'OPERATORS');
  assert.equal(added.code, 0, added.err);
  assert.match(added.out, /Added tester@example.com to OPERATORS/);
  assert.equal((await users('add-to-group', 'tester@example.com', 'VIEWERS')).code, 0);
  assert.equal((await users('remove-from-group', 'tester@example.com', 'OPERATORS')).code, 0);
  assert.equal((await users('add', 'temp@example.com', 'Temp-Pass-1', '--temporary')).code, 0);

  const listed = await users('list');
  assert.match(listed.out, /tester@example\.com\s+CONFIRMED\s+VIEWERS/);
  assert.match(listed.out, /temp@example\.com\s+FORCE_CHANGE_PASSWORD\s+\(no group\)/);

  const backend = await startTestBackend({ dataDir, seed: false });
  try {
    const { IdToken: idToken } = await signInTokens(backend, 'tester@example.com', 'Tester-Pass-1');
    assert.deepEqual((await backend.identity.verifyToken(idToken, 'id'))['cognito:groups'], ['VIEWERS']);
    const temp = await passwordSignIn(backend, 'temp@example.com', 'Temp-Pass-1');
    assert.equal(temp.json['ChallengeName'], 'NEW_PASSWORD_REQUIRED');
    // Disabled on the Users page (AdminDisableUser): the list says so.
    backend.identityService.admin.setDisabled(
      backend.identityService.store.userByEmailOrSub('temp@example.com')!.sub,
      true,
    );
  } finally {
    await backend.stop({ keepData: true });
  }
  assert.match((await users('list')).out, /temp@example\.com\s+FORCE_CHANGE_PASSWORD\s+\(no group\)  \(disabled\)/);
  assert.doesNotMatch((await users('list')).out, /tester@example\.com.*disabled/);

  assert.equal((await users('remove', 'tester@example.com')).code, 0);
  assert.doesNotMatch((await users('list')).out, /tester@example\.com/);
});

test("remove takes the user's disabled flag with them", async () => {
  assert.equal((await users('add', 'leaving@example.com', 'Leaving-Pass-1')).code, 0);
  const store = new IdentityStore(dataDir);
  try {
    const sub = store.userByEmailOrSub('leaving@example.com')!.sub;
    store.setDisabled(sub, true); // what AdminDisableUser stores
    assert.match((await users('list')).out, /leaving@example\.com.*\(disabled\)/);
    assert.equal((await users('remove', 'leaving@example.com')).code, 0);
    assert.equal(store.isDisabled(sub), false);
    assert.ok(!store.disabledSubs().has(sub));
  } finally {
    store.close();
  }
});

test('bad input gets a clear message and a non-zero exit', async () => {
  const cases: [string[], RegExp][] = [
    [[], /usage: /],
    [['frobnicate'], /usage: /],
    [['add', 'only-email@example.com'], /usage: /],
    [
      ['add', 'x@example.com', 'Good-Pass-1', '--group', 'WIZARDS'],
      /Unknown group WIZARDS; the groups are ADMINS, OPERATORS, VIEWERS/,
    ],
    [['add', 'x@example.com', 'weak'], /InvalidPasswordException: Password did not conform/],
    [['add', 'temp@example.com', 'Temp-Pass-1'], /UsernameExistsException/],
    [['remove', 'ghost@example.com'], /No user ghost@example.com/],
    [['add-to-group', 'ghost@example.com', 'ADMINS'], /No user ghost@example.com/],
    [['add-to-group', 'temp@example.com', 'WIZARDS'], /Unknown group WIZARDS/],
    [['remove-from-group', 'temp@example.com'], /usage: /],
    [['list', '--data-dir', '/elsewhere'], /Unknown option '--data-dir'[\s\S]*go before `users`/],
    [['remove', 'temp@example.com', '--group', 'ADMINS'], /--group only goes with add/],
  ];
  for (const [args, message] of cases) {
    const result = await users(...args);
    assert.notEqual(result.code, 0, `users ${args.join(' ')} should fail`);
    assert.match(result.err, message, `users ${args.join(' ')}`);
  }
});

test('the real command line: flags of the backend before `users`, flags of the command after', async () => {
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'local-backend/main.ts',
      '--data-dir',
      dataDir,
      'users',
      ...args,
    ]);
  const added = await run('add', 'cli@example.com', 'Cli-Pass-123', '--group', 'ADMINS');
  assert.match(added.stdout, /Added cli@example.com to ADMINS/);
  assert.match((await run('list')).stdout, /cli@example\.com\s+CONFIRMED\s+ADMINS/);
  await assert.rejects(run('add', 'cli@example.com', 'Cli-Pass-123'), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 2);
    assert.match(err.stderr, /UsernameExistsException/);
    return true;
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { authGroups } from './identity/definitions.ts';
import { startLocalBackend } from './local-backend.ts';
import { createLogger } from './log.ts';
import { parseOptions } from './options.ts';
import { REPO_ROOT } from './project.ts';
import { readDefinitionsAsProps, usesStandIn } from './props-hook.ts';
import { compileAccessRules, storageDefinition } from './storage/access-rules.ts';
import { testBackendOptions } from './testing/backend-options.ts';

const EXAMPLE = join(REPO_ROOT, 'examples', 'storefront');

describe('--project', () => {
  test('this repository by default, its state in .local-backend/', () => {
    const { options } = parseOptions([], {});
    assert.equal(options.project, REPO_ROOT);
    assert.equal(options.dataDir, resolve('.local-backend'));
  });

  test('another project keeps its state in a folder of its own, from the flag or the environment', () => {
    const { options } = parseOptions(['--project', 'examples/storefront'], {});
    assert.equal(options.project, EXAMPLE);
    assert.match(options.dataDir, /\.local-backend\/projects\/storefront-[0-9a-f]{8}$/);
    const fromEnv = parseOptions([], { LOCAL_BACKEND_PROJECT: EXAMPLE }).options;
    assert.equal(fromEnv.dataDir, options.dataDir, 'the same folder for the same project');
    const elsewhere = parseOptions(['--project', EXAMPLE, '--data-dir', '/tmp/x'], {}).options;
    assert.equal(elsewhere.dataDir, '/tmp/x', '--data-dir still wins');
  });

  test('a folder that is not a Gen 2 project is refused, saying what to pass instead', () => {
    const empty = mkdtempSync(join(tmpdir(), 'not-a-project-'));
    try {
      assert.throws(
        () => parseOptions(['--project', empty], {}),
        /amplify\/backend\.ts does not exist.*npx ampx sandbox/,
      );
      assert.throws(() => parseOptions(['--project', join(empty, 'gone')], {}), /no such folder/);
      assert.throws(
        () => parseOptions(['--project', join(EXAMPLE, 'amplify')], {}),
        new RegExp(`the amplify/ folder itself: pass its parent, ${EXAMPLE}`),
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("a project's definitions", () => {
  test('any amplify/ folder gets the props recorder, packages never do', () => {
    const file = (path: string) => pathToFileURL(join(REPO_ROOT, path)).href;
    assert.equal(usesStandIn('@aws-amplify/backend', file('examples/storefront/amplify/auth/resource.ts')), true);
    assert.equal(usesStandIn('@aws-amplify/backend', file('examples/storefront/amplify/seed/seed.ts')), true);
    assert.equal(usesStandIn('@aws-amplify/backend', file('node_modules/some-package/amplify/index.js')), false);
    assert.equal(usesStandIn('@aws-amplify/backend', file('examples/storefront/src/main.ts')), false);
  });

  test("groups and storage rules are the example's own", () => {
    const amplify = join(EXAMPLE, 'amplify');
    assert.deepEqual(authGroups(amplify), ['Managers', 'Staff', 'Auditors']);
    const storage = storageDefinition(amplify);
    assert.equal(storage?.name, 'storefrontFiles');
    const { paths } = compileAccessRules(storage!.access);
    assert.deepEqual(Object.keys(paths).sort(), [
      'avatars/${cognito-identity.amazonaws.com:sub}/*',
      'avatars/*',
      'galleries/*',
      'manuals/*',
      'products/*',
    ]);
    assert.deepEqual(paths['manuals/*']?.['groupsStaff'], ['get', 'list', 'write'], 'Staff may not delete manuals');
  });

  test('a project without auth or storage has no groups and no storage definition', () => {
    const bare = mkdtempSync(join(tmpdir(), 'bare-amplify-'));
    try {
      assert.deepEqual(authGroups(bare), []);
      assert.equal(storageDefinition(bare), undefined);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

test('a project elsewhere, with no node_modules and only auth, is served as far as it goes, and seeded', async () => {
  readDefinitionsAsProps();
  const root = mkdtempSync(join(tmpdir(), 'auth-only-app-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'auth-only-data-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('amplify/package.json', '{ "type": "module" }');
  write(
    'amplify/backend.ts',
    "import { defineBackend } from '@aws-amplify/backend';\nimport { auth } from './auth/resource';\ndefineBackend({ auth });\n",
  );
  write(
    'amplify/auth/resource.ts',
    "import { defineAuth } from '@aws-amplify/backend';\nexport const auth = defineAuth({ loginWith: { email: true }, groups: ['Editors'] });\n",
  );
  // aws-amplify and @aws-amplify/seed are not in this folder: they come from the repository.
  write(
    'amplify/seed/seed.ts',
    [
      "import { readFile } from 'node:fs/promises';",
      "import { addToUserGroup, createAndSignUpUser } from '@aws-amplify/seed';",
      "import { Amplify } from 'aws-amplify';",
      "Amplify.configure(JSON.parse(await readFile(new URL('../../amplify_outputs.json', import.meta.url), 'utf8')));",
      "await createAndSignUpUser({ username: 'ed@example.com', password: 'Editor-Pass-2026', signInAfterCreation: false, signInFlow: 'Password' });",
      "await addToUserGroup({ username: 'ed@example.com' }, 'Editors');",
    ].join('\n'),
  );
  const lines: string[] = [];
  const backend = await startLocalBackend(
    testBackendOptions(dataDir, { project: root, seed: true, logLevel: 'info' }),
    createLogger('info', (line) => lines.push(line)),
  );
  try {
    assert.deepEqual(Object.keys(backend.outputs).sort(), ['auth', 'custom', 'version']);
    assert.deepEqual((backend.outputs['auth'] as { groups: unknown }).groups, [{ Editors: { precedence: 0 } }]);
    assert.equal(backend.data, undefined);
    assert.equal(backend.storage, undefined);
    assert.ok(lines.some((l) => l.includes('no GraphQL API is served')));
    assert.ok(lines.some((l) => l.includes('no S3 is served')));
    assert.deepEqual(backend.demoAccounts, [
      { email: 'ed@example.com', password: 'Editor-Pass-2026', group: 'Editors' },
    ]);
    assert.deepEqual(
      backend.identityService.store.listUsers().map((u) => [u.email, u.groups]),
      [['ed@example.com', ['Editors']]],
    );
  } finally {
    await backend.close();
  }
  try {
    // A data directory an older version seeded has users but no marker: it is not seeded again
    // (the seed would stop the start: its users exist).
    rmSync(join(dataDir, 'seeded'));
    const again: string[] = [];
    const restarted = await startLocalBackend(
      testBackendOptions(dataDir, { project: root, seed: true, logLevel: 'info' }),
      createLogger('info', (line) => again.push(line)),
    );
    await restarted.close();
    assert.equal(again.filter((l) => l.includes('Seeding')).length, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { authGroups } from './identity/definitions.ts';
import { parseOptions } from './options.ts';
import { REPO_ROOT } from './project.ts';
import { usesStandIn } from './props-hook.ts';
import { compileAccessRules, storageDefinition } from './storage/access-rules.ts';

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

// npm ci under the machine's Node 20 prints no EBADENGINE screens, and hides no real problem.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { auditEngines, quietened } from './lockfile-engines.mjs';

const lockfile = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));

test('package-lock.json makes npm ci under Node 20 warn about no package that only Node 24 runs', () => {
  const { quiet, wrong } = auditEngines(lockfile);
  assert.deepEqual(wrong, [], 'these packages do not run on the Node the project uses');
  assert.deepEqual(quiet, [], 'run `node scripts/lockfile-engines.mjs --write` after changing dependencies');
});

test('only ranges the installing Node alone would trip over are dropped', () => {
  const lock = {
    packages: {
      '': { engines: { node: '>=20' } },
      'node_modules/only-at-run-time': { version: '1.0.0', engines: { node: '^22.22.3 || >=24.15.0' } },
      'node_modules/with-npm-range': { engines: { node: '>=22', npm: '>=10' } },
      'node_modules/runs-at-install': { hasInstallScript: true, engines: { node: '>=22' } },
      'node_modules/patch-package': { engines: { node: '>=22' } },
      'node_modules/too-new': { engines: { node: '>=30' } },
      'node_modules/any-node': { engines: { node: '>=18' } },
    },
  };
  const { quiet, wrong } = auditEngines(lock);
  assert.deepEqual(quiet, ['node_modules/only-at-run-time', 'node_modules/with-npm-range']);
  assert.equal(wrong.length, 1);
  assert.match(wrong[0], /too-new wants Node >=30/);

  const after = quietened(lock).packages;
  assert.deepEqual(after['node_modules/only-at-run-time'], { version: '1.0.0' });
  assert.deepEqual(after['node_modules/with-npm-range'].engines, { npm: '>=10' });
  for (const kept of ['runs-at-install', 'patch-package', 'too-new', 'any-node']) {
    assert.deepEqual(after[`node_modules/${kept}`], lock.packages[`node_modules/${kept}`]);
  }
});

test('npm ci accepts package-lock.json as it is (an install that drops entries npm ci needs is caught here)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockfile-check-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) {
      copyFileSync(new URL(`../${file}`, import.meta.url), join(dir, file));
    }
    const res = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const refusal = `${res.stdout}${res.stderr}`.split('\n').filter((l) => /npm error/.test(l));
    assert.equal(
      res.status,
      0,
      `npm ci refuses the lock file; run npm install under Node 20's npm:\n${refusal.join('\n')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

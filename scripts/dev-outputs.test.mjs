// The dev server serves amplify_outputs.json as it is now; builds never carry it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { consoleConfigFile, startOutputsServer } from './dev-outputs-server.mjs';

test('a file created or changed after start is served on the next request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dev-outputs-'));
  const server = await startOutputsServer(join(dir, 'amplify_outputs.json'));
  try {
    const before = await fetch(`${server.url}/amplify_outputs.json`);
    assert.equal(before.status, 404);
    assert.match(await before.text(), /does not exist yet/);

    writeFileSync(join(dir, 'amplify_outputs.json'), '{"version":"1.4"}');
    const after = await fetch(`${server.url}/amplify_outputs.json`);
    assert.equal(after.status, 200);
    assert.equal(after.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await after.json(), { version: '1.4' });

    writeFileSync(join(dir, 'amplify_outputs.json'), '{"version":"1.5"}');
    assert.deepEqual(await (await fetch(`${server.url}/amplify_outputs.json`)).json(), { version: '1.5' });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('angular.json serves the outputs through the proxy in development and copies them into no build', () => {
  const config = JSON.parse(readFileSync('angular.json', 'utf8'));
  const architect = config.projects['attachment-console'].architect;
  assert.equal(architect.serve.configurations.development.proxyConfig, 'scripts/dev-proxy.mjs');
  const assetLists = [
    architect.build.options.assets,
    ...Object.values(architect.build.configurations).map((c) => c.assets),
  ];
  for (const assets of assetLists.filter(Boolean)) {
    assert.ok(!JSON.stringify(assets).includes('amplify_outputs'), 'a build would copy amplify_outputs.json');
  }
});

test('console.config.json comes from the project served, else the repository root; absent is a 404', async () => {
  assert.equal(consoleConfigFile({}, '/repo'), '/repo/console.config.json');
  assert.equal(
    consoleConfigFile({ LOCAL_BACKEND_PROJECT: 'examples/storefront' }, '/repo'),
    '/repo/examples/storefront/console.config.json',
  );
  assert.equal(consoleConfigFile({ LOCAL_BACKEND_PROJECT: '/apps/shop' }, '/repo'), '/apps/shop/console.config.json');

  const dir = mkdtempSync(join(tmpdir(), 'dev-config-'));
  const file = consoleConfigFile({ LOCAL_BACKEND_PROJECT: dir });
  const server = await startOutputsServer(file, 'no config');
  try {
    const absent = await fetch(`${server.url}/console.config.json`);
    assert.equal(absent.status, 404);
    assert.equal(await absent.text(), 'no config');
    writeFileSync(file, '{"models":{}}');
    const present = await fetch(`${server.url}/console.config.json`);
    assert.equal(present.status, 200);
    assert.deepEqual(await present.json(), { models: {} });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the dev proxy answers console.config.json from the project npm start serves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dev-proxy-'));
  writeFileSync(join(dir, 'console.config.json'), '{"models":{"Product":{}}}');
  process.env.LOCAL_BACKEND_PROJECT = dir;
  try {
    const { default: proxy } = await import('./dev-proxy.mjs');
    const served = await fetch(`${proxy['/console.config.json'].target}/console.config.json`);
    assert.equal(served.status, 200);
    assert.deepEqual(await served.json(), { models: { Product: {} } });
    assert.ok(proxy['/amplify_outputs.json'].target.startsWith('http://127.0.0.1:'));
  } finally {
    delete process.env.LOCAL_BACKEND_PROJECT;
    rmSync(dir, { recursive: true, force: true });
  }
});

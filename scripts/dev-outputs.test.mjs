// The dev server serves amplify_outputs.json as it is now; builds never carry it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startOutputsServer } from './dev-outputs-server.mjs';

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

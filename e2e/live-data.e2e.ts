import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../amplify/data/resource.ts';
import { DEMO_ACCOUNTS } from '../local-backend/identity/demo-accounts.ts';
import { startTestBackend } from '../local-backend/testing/test-backend.ts';
import { collectErrors } from './support/browser.ts';
import type { DataProbe } from './support/data-probe.browser.ts';
import { probeSuite } from './support/probe-page.ts';

const [, , VIEWER] = DEMO_ACCOUNTS;

const sockets: string[] = [];
const suite = probeSuite('e2e/support/data-probe.browser.ts', {
  start: () => startTestBackend(),
  view: true,
  setUp: async ({ page }) => page.on('websocket', (ws) => sockets.push(ws.url())),
});

test('a viewer’s observeQuery in Chromium sees another client’s create, update and delete live', async () => {
  const errors = collectErrors(suite.page);
  const prefix = `Live ${Date.now()} `;
  const signedIn = await suite.page.evaluate(
    async ([outputs, email, password, p]) => {
      const { probe } = window as unknown as { probe: DataProbe };
      probe.configure(outputs as Record<string, unknown>);
      const ok = await probe.signIn(email as string, password as string);
      probe.observeSongs(p as string);
      return ok;
    },
    [suite.backend.outputs, VIEWER.email, VIEWER.password, prefix] as const,
  );
  assert.equal(signedIn, true);

  const shown = async (expected: string[], what: string) => {
    try {
      await suite.page.waitForFunction(
        (names) => {
          const live = (window as unknown as { probe: DataProbe }).probe.songs();
          return live.synced && JSON.stringify(live.names) === JSON.stringify(names);
        },
        expected,
        { timeout: 10_000 },
      );
    } catch {
      const live = await suite.page.evaluate(() => (window as unknown as { probe: DataProbe }).probe.songs());
      assert.fail(`${what}: the page shows ${JSON.stringify(live)}; page errors:\n${errors.join('\n')}`);
    }
  };

  await shown([], 'the first synced snapshot');
  // The list that syncs the snapshot and the subscriptions' socket start together: under load the
  // list can answer first, so give the socket a moment to open before asking where it went.
  const realtime = `${suite.backend.baseUrl.replace('http://', 'ws://')}/graphql/realtime`;
  for (let waited = 0; waited < 10_000 && !sockets.some((url) => url.startsWith(realtime)); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(
    sockets.some((url) => url.startsWith(realtime)),
    `the browser opened ${realtime} (the patched client), saw: ${sockets.join(', ')}`,
  );

  const client = generateClient<Schema>();
  const { data: song } = await client.models.Song.create({ name: `${prefix}one` });
  await shown([`${prefix}one`], 'the create');
  await client.models.Song.update({ id: song!.id, name: `${prefix}uno` });
  await shown([`${prefix}uno`], 'the update');
  await client.models.Song.create({ name: `Elsewhere ${Date.now()}` });
  await client.models.Song.delete({ id: song!.id });
  await shown([], 'the delete, with the other song filtered out');
});

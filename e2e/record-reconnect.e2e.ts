// A record's page follows it through the realtime subscription; a change made while that socket
// was down was never sent. Here the browser's realtime sockets are dropped (Playwright's
// WebSocket routing) and kept from reconnecting while another client renames the song; once they
// may connect again, Amplify reconnects (Hub: ConnectionDisrupted, then Connected) and the page
// reads the song once more, so the name changed meanwhile shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateClient } from 'aws-amplify/data';
import type { WebSocketRoute } from 'playwright-core';
import type { Schema } from '../amplify/data/resource.ts';
import { ADMIN, consoleSuite, signedIn } from './support/console-app.ts';

const suite = consoleSuite({ view: true });

test("a song's page shows a rename made while its realtime connection was down, once it is back", async () => {
  const client = generateClient<Schema>();
  const name = `Reconnect ${Date.now()}`;
  const { data: song, errors: createErrors } = await client.models.Song.create({ name });
  assert.ok(song, JSON.stringify(createErrors));

  const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    let blocked = false;
    const open = new Set<WebSocketRoute>();
    await context.routeWebSocket(/\/graphql\/realtime/, (ws) => {
      if (blocked) {
        void ws.close({ code: 4000, reason: 'dropped by the test' });
        return;
      }
      open.add(ws);
      ws.connectToServer();
    });
    await page.goto(`${suite.app.url}/songs/${song.id}`);
    const heading = (text: string) => page.getByRole('heading', { name: text, level: 1 });
    await heading(name).waitFor({ timeout: 20_000 });

    // Live first: a rename while connected shows through the subscription.
    await client.models.Song.update({ id: song.id, name: `${name} (live)` });
    await heading(`${name} (live)`).waitFor({ timeout: 20_000 });
    assert.ok(open.size > 0, 'the page connected through the routed socket');

    // Dropped, and kept down: the rename made now is not sent to the page.
    blocked = true;
    for (const ws of open) await ws.close({ code: 4000, reason: 'dropped by the test' });
    open.clear();
    await client.models.Song.update({ id: song.id, name: `${name} (while down)` });
    await page.waitForTimeout(1500);
    assert.equal(await heading(`${name} (live)`).count(), 1, 'no change reaches the page while the socket is down');

    // Back: Amplify reconnects by itself and the page reads the song again.
    blocked = false;
    await heading(`${name} (while down)`).waitFor({ timeout: 45_000 });
    assert.ok(open.size > 0, 'the page reconnected');
  } finally {
    await context.close();
  }
});

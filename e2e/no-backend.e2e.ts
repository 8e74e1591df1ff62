import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { serveApp, type AppServer } from './support/app-server.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, screenshot } from './support/browser.ts';

let browser: Browser;
let app: AppServer;

before(async () => {
  browser = await launchBrowser();
  app = await serveApp(null);
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test('without amplify_outputs.json the console explains how to get a backend', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(app.url);
  await page.getByRole('heading', { name: 'No backend configured' }).waitFor();
  const text = await page.locator('app-setup-page').innerText();
  assert.match(text, /amplify_outputs\.json was not found beside the app/);
  assert.match(text, /npm start/);
  assert.match(text, /npx ampx sandbox/);
  assert.equal(await page.locator('amplify-authenticator').count(), 0);
  await screenshot(page, 'no-backend');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    assert.deepEqual(await axeViolations(page), [], `axe-core on the setup page (${colorScheme})`);
  }
  await page.close();
});

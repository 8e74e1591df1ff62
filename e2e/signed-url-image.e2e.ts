import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { getUrl, uploadData } from 'aws-amplify/storage';
import type { Browser } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../local-backend/identity/demo-accounts.ts';
import { demoPng } from '../local-backend/storage/png.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { startOnStoragePort } from '../integration/local-backend.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { serveApp, type AppServer } from './support/app-server.ts';
import { launchBrowser, screenshot } from './support/browser.ts';

let backend: TestBackend;
let app: AppServer;
let browser: Browser;

before(async () => {
  // The Storage client only reaches the local S3 on port 20005.
  backend = await startOnStoragePort();
  Amplify.configure(toResourcesConfig(backend.outputs));
  app = await serveApp(backend.outputs);
  browser = await launchBrowser();
});

after(async () => {
  await signOut().catch(() => undefined);
  await browser?.close();
  await app?.close();
  await backend?.stop();
});

test('an image uploaded through the Storage client is shown in Chromium from its signed URL', async () => {
  const operator = DEMO_ACCOUNTS[1];
  await signIn({ username: operator.email, password: operator.password });
  const path = 'images/e2e-record/cover.png';
  await uploadData({ path, data: new Uint8Array(demoPng(200, 160, 120)), options: { contentType: 'image/png' } })
    .result;
  const { url } = await getUrl({ path, options: { expiresIn: 300 } });
  assert.equal(url.origin, 'http://localhost:20005');

  const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
  // Any page of the console's origin: the image comes cross-origin from the local S3.
  await page.goto(`${app.url}/not-a-route`);
  const size = await page.evaluate(async (src) => {
    document.body.innerHTML = '';
    const img = document.createElement('img');
    img.alt = 'cover';
    document.body.append(img);
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the image did not load'));
      img.src = src;
    });
    return { width: img.naturalWidth, height: img.naturalHeight };
  }, url.toString());
  assert.deepEqual(size, { width: 160, height: 120 });
  await screenshot(page, 'signed-url-image');

  // The same URL without its signature is refused by the local S3.
  const unsigned = new URL(url);
  unsigned.search = '';
  assert.equal((await fetch(unsigned)).status, 403);
  await page.close();
});

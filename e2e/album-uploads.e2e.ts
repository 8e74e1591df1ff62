// Uploading to an album on a slow network: each file's progress, a file canceled mid-upload, and
// leaving the album while images upload (Stay, or Leave and cancel), with nothing left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { albumWithImages, bigImage, imagesLoaded, openAlbum, storedAlbum } from './support/albums.ts';
import { OPERATOR, signedIn, snackbar, consoleSuite } from './support/console-app.ts';
import { screenshotsInPlace } from './support/screenshots.ts';

const suite = consoleSuite({ view: true });

/** Throttles the page's uploads to `bytesPerSecond` (-1: no limit), as Chromium's network emulation does. */
async function uploadSpeedOf(
  context: BrowserContext,
  page: Page,
): Promise<(bytesPerSecond: number) => Promise<unknown>> {
  const cdp = await context.newCDPSession(page);
  return (bytesPerSecond) =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: bytesPerSecond < 0 ? 0 : 20,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond,
    });
}

test('a slow batch shows each file’s progress; a file canceled mid-upload is not added', async () => {
  const name = `E2E slow album ${Date.now()}`;
  const album = await albumWithImages(name, 1);
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, OPERATOR);
  try {
    await openAlbum(page, name);
    const uploadSpeed = await uploadSpeedOf(context, page);
    await uploadSpeed(30_000);
    await page
      .getByTestId('add-input')
      .setInputFiles([bigImage('keep-1.png', 10), bigImage('drop-me.png', 90), bigImage('keep-2.png', 170)]);
    const list = page.locator('app-upload-list');
    await list.getByText(/Uploading 0 of 3/).waitFor();
    await page.getByRole('button', { name: 'Cancel drop-me.png' }).click();
    await uploadSpeed(-1);
    await snackbar(page, `Added 2 images to “${name}”. 1 not added: see the list.`);
    assert.match(await list.innerText(), /drop-me\.png\s*Canceled/);
    const stored = (await storedAlbum(name))!;
    assert.equal(stored.imagePaths.length, 3);
    assert.ok(stored.imagePaths.every((p) => !p.includes('drop-me')));
    // Every path has its file. A cancel that comes after the body reached storage cannot stop the
    // write; the engine then removes the object, which may land a moment after the snackbar.
    const objects = await suite.view.objectsOf(album.id);
    assert.ok(
      stored.imagePaths.every((p) => objects.includes(p)),
      'every path of the album has its file',
    );
    const extra = objects.filter((o) => !stored.imagePaths.includes(o));
    assert.ok(extra.length <= 1 && extra.every((o) => o.endsWith('-drop-me.png')), `unexpected objects: ${extra}`);
    assert.deepEqual(
      errors.filter((e) => !e.includes('404')),
      [],
    );
  } finally {
    await context.close();
  }
});

test('leaving an album while its images upload asks first: Stay keeps them, Leave and cancel adds none', async () => {
  const name = `E2E leave album ${Date.now()}`;
  const album = await albumWithImages(name, 1);
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, OPERATOR);
  try {
    await openAlbum(page, name);
    await imagesLoaded(page, 1);
    const uploadSpeed = await uploadSpeedOf(context, page);
    const list = page.locator('app-upload-list');
    const dialog = page.getByRole('dialog');
    const asked = `3 images are still uploading to “${name}”. Leave and cancel them?`;

    // Stay, asked by the browser's back button and by the nav link: the batch goes on and adds its images.
    await uploadSpeed(30_000);
    await page
      .getByTestId('add-input')
      .setInputFiles([bigImage('stay-1.png', 10), bigImage('stay-2.png', 90), bigImage('stay-3.png', 170)]);
    await list.getByText(/Uploading 0 of 3/).waitFor();
    const albumUrl = page.url();
    await page.goBack();
    await dialog.getByText(asked).waitFor();
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Songs' }).click();
    await dialog.getByText(asked).waitFor();
    // The dialog moves the focus to Stay once it has opened.
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Stay', undefined, {
      timeout: 5_000,
    });
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(page.url(), albumUrl);
    assert.match(await list.innerText(), /Uploading \d of 3/);
    await uploadSpeed(-1);
    await snackbar(page, `Added 3 images to “${name}”.`);
    await imagesLoaded(page, 4);
    const kept = (await storedAlbum(name))!;
    assert.deepEqual(
      kept.imagePaths.slice(1).map((p) => p.match(/stay-\d\.png$/)?.[0]),
      ['stay-1.png', 'stay-2.png', 'stay-3.png'],
    );
    assert.deepEqual(await suite.view.objectsOf(album.id), [...kept.imagePaths].sort());

    // Leave and cancel: the Songs page shows, and the album gets none of the canceled images.
    await uploadSpeed(30_000);
    await page
      .getByTestId('add-input')
      .setInputFiles([bigImage('gone-1.png', 30), bigImage('gone-2.png', 120), bigImage('gone-3.png', 200)]);
    await list.getByText(/Uploading 0 of 3/).waitFor();
    await page.getByRole('link', { name: 'Songs' }).click();
    await dialog.getByText(asked).waitFor();
    await screenshotsInPlace(page, 'leave-album', {
      inScheme: async (scheme) =>
        assert.deepEqual(await axeViolations(page), [], `axe-core on the leave dialog (${scheme})`),
    });
    await dialog.getByRole('button', { name: 'Leave and cancel' }).click();
    await page.getByRole('heading', { name: 'Songs', level: 1 }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await uploadSpeed(-1);
    assert.deepEqual((await storedAlbum(name))!.imagePaths, kept.imagePaths, 'nothing was added');
    // No orphan either: a canceled upload never lands, and one that had landed is deleted again.
    const deadline = Date.now() + 10_000;
    let objects = await suite.view.objectsOf(album.id);
    while (objects.length !== kept.imagePaths.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      objects = await suite.view.objectsOf(album.id);
    }
    assert.deepEqual(objects, [...kept.imagePaths].sort(), 'the album’s folder holds only its images');
    assert.deepEqual((await storedAlbum(name))!.imagePaths, kept.imagePaths, 'still nothing added');
    // The reachability probe's HEAD / answers 404; nothing else may fail.
    assert.deepEqual(
      errors.filter((e) => !e.includes('404')),
      [],
    );
  } finally {
    await context.close();
  }
});

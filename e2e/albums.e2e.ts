import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateClient } from 'aws-amplify/data';
import { uploadData } from 'aws-amplify/storage';
import type { Locator, Page } from 'playwright-core';
import type { Schema } from '../amplify/data/resource.ts';
import { demoPng } from '../local-backend/storage/png.ts';
import { axeViolations } from './support/axe.ts';
import { screenshot } from './support/browser.ts';
import { ADMIN, OPERATOR, VIEWER, signedIn, snackbar, until, consoleSuite } from './support/console-app.ts';

const suite = consoleSuite({ view: true });

const image = (name: string, hue: number) => ({ name, mimeType: 'image/png', buffer: demoPng(hue, 96, 96) });

/** The album as stored, read beside the browser with the real client. */
async function storedAlbum(name: string): Promise<{ id: string; imagePaths: string[] } | null> {
  const client = generateClient<Schema>();
  const { data, errors } = await client.models.PhotoAlbum.list({ filter: { name: { eq: name } }, limit: 10_000 });
  if (errors?.length) throw new Error(JSON.stringify(errors));
  const album = data[0];
  return album ? { id: album.id, imagePaths: (album.imagePaths ?? []).filter((p): p is string => !!p) } : null;
}

/** An album with images, made the way the console makes one (uploads first, then the record). */
async function albumWithImages(name: string, count: number): Promise<{ id: string; imagePaths: string[] }> {
  const id = crypto.randomUUID();
  const imagePaths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = `images/${id}/${crypto.randomUUID()}-pic-${i + 1}.png`;
    await uploadData({ path, data: demoPng(i * 50, 64, 64), options: { contentType: 'image/png' } }).result;
    imagePaths.push(path);
  }
  const { errors } = await generateClient<Schema>().models.PhotoAlbum.create({ id, name, imagePaths });
  if (errors?.length) throw new Error(JSON.stringify(errors));
  return { id, imagePaths };
}

const tileNames = (page: Page) => page.getByTestId('tile-name').allInnerTexts();

async function openAlbum(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Albums' }).click();
  await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
  await page.getByLabel('Search album and image names').fill(name);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

async function imagesLoaded(page: Page, count: number): Promise<void> {
  await until(
    page.locator('ol.grid'),
    (el) => {
      const imgs = [...el.querySelectorAll('app-album-thumb img')] as HTMLImageElement[];
      const tiles = el.querySelectorAll('[data-testid=tile]').length;
      return imgs.length === tiles && imgs.every((i) => i.complete && i.naturalWidth > 0);
    },
    'every thumbnail loads from its signed URL',
  );
  assert.equal(await page.getByTestId('tile').count(), count);
}

/** Drags a tile by its handle onto another tile, the way a mouse does (CDK needs several moves). */
async function dragTile(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = (await from.locator('.handle').boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2 + 10, b.y + b.height / 2, { steps: 20 });
  await page.mouse.move(b.x + b.width / 2 + 20, b.y + b.height / 2, { steps: 4 });
  await page.mouse.up();
}

test('OPERATORS create an album, add several images, reorder by drag, replace one, remove one', async () => {
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, OPERATOR);
  const name = `E2E album ${Date.now()}`;
  try {
    await page.getByRole('link', { name: 'Albums' }).click();
    await page.getByRole('button', { name: 'New album' }).click();
    await page.getByRole('dialog').getByLabel('Album name').fill(name);
    await page.getByRole('dialog').getByRole('button', { name: 'Create album' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await snackbar(page, `Album “${name}” created`);

    await page
      .getByTestId('add-input')
      .setInputFiles([
        image('red.png', 0),
        image('green.png', 120),
        image('blue.png', 240),
        image('same.png', 60),
        image('same.png', 60),
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
      ]);
    await snackbar(page, `Added 5 images to “${name}”. 1 not added: see the list.`);
    assert.match(await page.locator('app-upload-list').innerText(), /notes\.txt[\s\S]*only PNG, JPEG/);
    await imagesLoaded(page, 5);
    assert.deepEqual(await tileNames(page), ['red.png', 'green.png', 'blue.png', 'same.png', 'same.png']);
    let stored = (await storedAlbum(name))!;
    assert.equal(stored.imagePaths.length, 5);
    assert.equal(new Set(stored.imagePaths).size, 5, 'the same file twice: two keys');
    assert.deepEqual(await suite.view.objectsOf(stored.id), [...stored.imagePaths].sort());
    assert.match(await page.getByTestId('album-counts').innerText(), /^5 images · /);

    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `axe-core on the gallery with its upload list (${scheme})`);
    }

    const tiles = page.getByTestId('tile');
    await dragTile(page, tiles.nth(0), tiles.nth(2));
    await until(
      page.locator('ol.grid'),
      (el) => el.querySelector('[data-testid=tile-name]')?.textContent?.trim() === 'green.png',
      'the grid shows the new order',
    );
    const before = stored.imagePaths;
    for (let i = 0; ; i++) {
      stored = (await storedAlbum(name))!;
      if (stored.imagePaths[0] !== before[0] || i > 50) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(stored.imagePaths, [before[1], before[2], before[0], before[3], before[4]], 'red moved to third');
    assert.deepEqual(await tileNames(page), ['green.png', 'blue.png', 'red.png', 'same.png', 'same.png']);

    await page.getByRole('button', { name: 'Actions for blue.png' }).click();
    await page.getByRole('menuitem', { name: 'Replace…' }).click();
    await page.getByTestId('replace-input').setInputFiles(image('blue.png', 200));
    await snackbar(page, 'Replaced “blue.png” with “blue.png”.');
    const replaced = (await storedAlbum(name))!;
    assert.notEqual(replaced.imagePaths[1], stored.imagePaths[1], 'a new key for the file of the same name');
    assert.match(replaced.imagePaths[1]!, /-blue\.png$/);
    assert.deepEqual(await suite.view.objectsOf(stored.id), [...replaced.imagePaths].sort(), 'the old file is deleted');

    await page.getByRole('button', { name: 'Actions for red.png' }).click();
    await page.getByRole('menuitem', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove image' }).click();
    await snackbar(page, 'Removed “red.png”.');
    const removed = (await storedAlbum(name))!;
    assert.equal(removed.imagePaths.length, 4);
    assert.ok(!removed.imagePaths.includes(replaced.imagePaths[2]!));
    assert.deepEqual(await suite.view.objectsOf(stored.id), [...removed.imagePaths].sort());
    assert.deepEqual(await tileNames(page), ['green.png', 'blue.png', 'same.png', 'same.png']);

    // The viewer: full size, arrow keys, the position.
    await tiles.nth(1).locator('button.open').click();
    const viewer = page.getByRole('dialog');
    await viewer.getByTestId('viewer-position').getByText('2 of 4').waitFor();
    await page.keyboard.press('ArrowRight');
    await viewer.getByTestId('viewer-position').getByText('3 of 4').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the viewer');
    assert.equal(await viewer.getByTestId('viewer-name').innerText(), 'same.png');
    const download = page.waitForEvent('download');
    await viewer.getByRole('button', { name: 'Download this image' }).click();
    assert.equal((await download).suggestedFilename(), 'same.png');
    await page.keyboard.press('Escape');

    // Operators may not delete albums.
    assert.equal(await page.getByRole('button', { name: 'Delete album' }).isDisabled(), true);
    // The reachability probe's HEAD / answers 404 (missing files cost no request: folder listings); nothing else may fail.
    assert.deepEqual(
      errors.filter((e) => !e.includes('404')),
      [],
    );
  } finally {
    await context.close();
  }
});

test('a slow batch shows each file’s progress; a file canceled mid-upload is not added', async () => {
  const name = `E2E slow album ${Date.now()}`;
  const album = await albumWithImages(name, 1);
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, OPERATOR);
  try {
    await openAlbum(page, name);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 30_000,
    });
    const big = (n: string, hue: number) => ({ name: n, mimeType: 'image/png', buffer: demoPng(hue, 700, 600) });
    await page
      .getByTestId('add-input')
      .setInputFiles([big('keep-1.png', 10), big('drop-me.png', 90), big('keep-2.png', 170)]);
    const list = page.locator('app-upload-list');
    await list.getByText(/Uploading 0 of 3/).waitFor();
    await page.getByRole('button', { name: 'Cancel drop-me.png' }).click();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
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

test('ADMINS delete an album with its files; the dialog names what is lost', async () => {
  const name = `E2E admin album ${Date.now()}`;
  const album = await albumWithImages(name, 3);
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await openAlbum(page, name);
    await imagesLoaded(page, 3);
    await page.getByRole('button', { name: 'Delete album' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Also delete its 3 images \(.+\) from storage/).waitFor();
    await dialog.getByRole('button', { name: 'Delete album' }).click();
    await snackbar(page, `Album “${name}” and its files deleted.`);
    await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
    assert.equal(await storedAlbum(name), null);
    assert.deepEqual(await suite.view.objectsOf(album.id), []);
    // The reachability probe's HEAD / answers 404 (missing files cost no request: folder listings); nothing else may fail.
    assert.deepEqual(
      errors.filter((e) => !e.includes('404')),
      [],
    );
  } finally {
    await context.close();
  }
});

test('VIEWERS see the gallery read-only: no add, no drag, no edit actions, only view and download', async () => {
  const name = `E2E viewer album ${Date.now()}`;
  const album = await albumWithImages(name, 2);
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, VIEWER);
  try {
    await openAlbum(page, name);
    await imagesLoaded(page, 2);
    await page.getByTestId('read-only').waitFor();
    assert.equal(await page.locator('app-album-drop').count(), 0);
    assert.equal(await page.locator('.handle').count(), 0);
    assert.equal(await page.getByRole('button', { name: /Rename|Delete album/ }).count(), 0);
    await page.getByRole('button', { name: 'Actions for pic-1.png' }).click();
    assert.deepEqual(await page.getByRole('menuitem').allInnerTexts(), ['open_in_new\nView', 'download\nDownload']);
    await page.keyboard.press('Escape');

    // A drag does nothing.
    const tiles = page.getByTestId('tile');
    const box = (await tiles.nth(0).boundingBox())!;
    const target = (await tiles.nth(1).boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height - 20);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + 20, { steps: 15 });
    await page.mouse.up();
    await page.keyboard.press('Escape');
    assert.deepEqual((await storedAlbum(name))!.imagePaths, album.imagePaths);
    assert.deepEqual(await tileNames(page), ['pic-1.png', 'pic-2.png']);
    // The reachability probe's HEAD / answers 404 (missing files cost no request: folder listings); nothing else may fail.
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
    const cdp = await context.newCDPSession(page);
    const uploadSpeed = (bytesPerSecond: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: bytesPerSecond < 0 ? 0 : 20,
        downloadThroughput: -1,
        uploadThroughput: bytesPerSecond,
      });
    const big = (n: string, hue: number) => ({ name: n, mimeType: 'image/png', buffer: demoPng(hue, 700, 600) });
    const list = page.locator('app-upload-list');
    const dialog = page.getByRole('dialog');
    const asked = `3 images are still uploading to “${name}”. Leave and cancel them?`;

    // Stay, asked by the browser's back button and by the nav link: the batch goes on and adds its images.
    await uploadSpeed(30_000);
    await page
      .getByTestId('add-input')
      .setInputFiles([big('stay-1.png', 10), big('stay-2.png', 90), big('stay-3.png', 170)]);
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
      .setInputFiles([big('gone-1.png', 30), big('gone-2.png', 120), big('gone-3.png', 200)]);
    await list.getByText(/Uploading 0 of 3/).waitFor();
    await page.getByRole('link', { name: 'Songs' }).click();
    await dialog.getByText(asked).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await axeViolations(page), [], `axe-core on the leave dialog (${scheme})`);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
        await page.waitForTimeout(300); // the theme's transitions settle
        await screenshot(page, `leave-album-${width}-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
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

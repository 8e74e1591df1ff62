// An album's gallery by role: operators add, reorder, replace and remove images; admins delete the
// album with its files; viewers only look. Uploads on a slow network are in album-uploads.e2e.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { albumWithImages, image, imagesLoaded, openAlbum, storedAlbum, tileNames } from './support/albums.ts';
import { ADMIN, OPERATOR, VIEWER, signedIn, snackbar, until, consoleSuite } from './support/console-app.ts';

const suite = consoleSuite({ view: true });

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

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ItemStore } from '../local-backend/data/store.ts';
import { demoPng } from '../local-backend/storage/png.ts';
import { axeViolations } from './support/axe.ts';
import { plantRecords } from './support/bench-records.ts';
import { SCREENSHOTS } from './support/browser.ts';
import { VIEWER, consoleSuite, signedIn } from './support/console-app.ts';

/**
 * The Songs table pages from the server: with 1,000 songs more than it reads at first, it opens
 * on the first read, says its sort covers only what is loaded, finds by a server search a song
 * no page had brought, and shows another client's new song live. Light and dark, 1280 and
 * 375 px, captured for a person to look at and checked by axe-core.
 */
const NEEDLE = 'Needle in the stack';
const suite = consoleSuite({
  view: true,
  setUp: async ({ backend }) => {
    await plantRecords(backend, { songs: 1_000 });
    // Last in the server's key order, so no first page holds it.
    const items = new ItemStore(backend.dataDir);
    const id = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    const at = new Date().toISOString();
    items.insert('Song', id, {
      id,
      name: NEEDLE,
      coverArtPath: null,
      __typename: 'Song',
      createdAt: at,
      updatedAt: at,
    });
    items.close();
  },
});

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .replace(/^info /, '')
    .trim();

test('the Songs table opens on its first read, pages on, searches on the server and stays live', async () => {
  const { page, context } = await signedIn(suite.browser, suite.app.url, VIEWER);
  try {
    await page.goto(`${suite.app.url}/songs`);
    await page.locator('table[aria-label=Songs] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
    await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
    assert.equal(await text(page, 'song-count'), '100 songs so far…');
    assert.equal(await text(page, 'list-notice'), 'Sorted among the 100 loaded');

    // Page 4 (rows 76–100) is the last loaded: the page after it is read ahead.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByTestId('song-count').filter({ hasText: '200 songs so far…' }).waitFor();
    assert.equal(await page.locator('.mat-mdc-paginator-range-label').textContent(), ' 76 – 100 of 200 ');

    await page.getByLabel('Search titles and file names').fill('needle');
    await page.getByRole('link', { name: NEEDLE, exact: true }).waitFor({ timeout: 15_000 });
    assert.equal(await text(page, 'list-notice'), 'Searched on the server');
    assert.equal(await text(page, 'song-count'), '1 of 1 song');

    await page.getByLabel('Search titles and file names').fill('');
    await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
    await suite.view.songWithCover('Aardvark, live', demoPng(140, 64, 64));
    await page.getByRole('link', { name: 'Aardvark, live', exact: true }).waitFor({ timeout: 15_000 });
    assert.equal(await text(page, 'song-count'), '101 songs so far…');
  } finally {
    await context.close();
  }
});

const VARIANTS = [
  { theme: 'light', width: 1280, height: 800 },
  { theme: 'dark', width: 1280, height: 800 },
  { theme: 'light', width: 375, height: 812 },
  { theme: 'dark', width: 375, height: 812 },
] as const;

for (const variant of VARIANTS) {
  test(`the paged Songs table, ${variant.theme}, ${variant.width} px`, async () => {
    const { page, context } = await signedIn(suite.browser, suite.app.url, VIEWER, {
      width: variant.width,
      height: variant.height,
    });
    await page.emulateMedia({ colorScheme: variant.theme });
    try {
      await page.goto(`${suite.app.url}/songs`);
      await page.locator('table[aria-label=Songs] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
      await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
      await page.getByTestId('list-notice').waitFor();
      await page.waitForTimeout(300);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `songs-paged-${variant.theme}-${variant.width}.png`) });
      assert.deepEqual(await axeViolations(page), []);
      const wide = await page.locator('body').evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      assert.equal(wide, false, 'the page scrolls sideways');
    } finally {
      await context.close();
    }
  });
}

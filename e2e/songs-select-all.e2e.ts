import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ItemStore } from '../local-backend/data/store.ts';
import { ObjectStore } from '../local-backend/storage/object-store.ts';
import { axeViolations } from './support/axe.ts';
import { plantRecords } from './support/bench-records.ts';
import { SCREENSHOTS } from './support/browser.ts';
import { ADMIN, consoleSuite, signedIn } from './support/console-app.ts';

/**
 * "Select all" past the loaded rows: 3,000 songs with covers, every fourth renamed "Needle …", so
 * a server search for "needle" matches 750 spread over the whole table while the table loads
 * only the matches of its first read. An admin selects every match on the server and deletes
 * them: one job reads them page by page, and afterwards exactly the needles and their covers are
 * gone. The selection bar and the confirmation are checked by axe-core and captured, light and
 * dark, at 1280 and 375 px.
 */
const SONGS = 3_000;
let needles = 0;
const suite = consoleSuite({
  setUp: async ({ backend }) => {
    await plantRecords(backend, { songs: SONGS });
    const items = new ItemStore(backend.dataDir);
    try {
      const all = items.page('Song', null, 10_000).filter((s) => String(s.item['name']).startsWith('Bench song'));
      all.forEach((stored, i) => {
        if (i % 4 !== 0) return;
        const name = `Needle ${String(i).padStart(4, '0')}`;
        assert.ok(items.compareAndSet('Song', stored.pk, stored.raw, { ...stored.item, name }));
        needles++;
      });
    } finally {
      items.close();
    }
  },
});

/** Songs and cover files as stored now (the backend's own stores). */
function stored(backend: { dataDir: string }): { songs: { name: string; cover: string }[]; keys: Set<string> } {
  const items = new ItemStore(backend.dataDir);
  const objects = new ObjectStore(backend.dataDir);
  try {
    const songs = items
      .page('Song', null, 20_000)
      .map((s) => ({ name: String(s.item['name']), cover: String(s.item['coverArtPath'] ?? '') }));
    const keys = new Set(objects.list('images/', '', 100_000).map((o) => o.key));
    return { songs, keys };
  } finally {
    items.close();
    objects.close();
  }
}

test('an admin deletes every song matching a search, past the rows the table loaded', async () => {
  const before = stored(suite.backend);
  const needleCovers = before.songs.filter((s) => s.name.startsWith('Needle')).map((s) => s.cover);
  assert.equal(needleCovers.length, needles);
  const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await page.goto(`${suite.app.url}/songs`);
    await page.locator('table[aria-label=Songs] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
    await page.getByLabel('Search titles and file names').fill('needle');
    await page.getByTestId('list-notice').filter({ hasText: 'Searched on the server' }).waitFor({ timeout: 20_000 });
    await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
    // "249 of 249 songs so far…": the matches among the loaded.
    const count = (await page.getByTestId('song-count').textContent()) ?? '';
    const loaded = Number(/[\d,]+/.exec(count)![0].replace(/,/g, ''));
    assert.ok(loaded > 0 && loaded < needles, `loaded ${loaded} of ${needles} matches`);

    await page.getByRole('checkbox', { name: 'Select the songs on this page' }).check();
    await page.getByRole('button', { name: `Select all ${loaded.toLocaleString('en')} matching` }).click();
    await page.getByRole('button', { name: `Select all matching songs, not only the ${loaded} loaded` }).click();
    await page
      .getByTestId('selected-count')
      .filter({ hasText: 'All matching songs selected, on the server too' })
      .waitFor();
    // The page's own action follows the choice too: it would detach every match, not the loaded.
    await page.getByRole('button', { name: 'Detach all covers' }).waitFor();
    await shoot(page, 'songs-select-all-bar');

    await page.getByRole('button', { name: 'Delete all matching' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Delete every song matching “needle”?' }).waitFor();
    assert.match(await dialog.getByTestId('bulk-losses').innerText(), /on the server, not only the \d+ loaded/);
    await dialog.getByTestId('bulk-no-undo').waitFor();
    await shoot(page, 'songs-select-all-dialog');
    await dialog.getByRole('button', { name: 'Delete every song matching “needle”' }).click();

    const panel = page
      .getByTestId('job-panel')
      .filter({ hasText: 'Delete every song matching “needle” and their covers' });
    await panel
      .getByTestId('job-counts')
      .filter({ hasText: `${needles} of ${needles} done` })
      .waitFor({ timeout: 180_000 });
    assert.equal(await panel.getByRole('button', { name: 'Undo' }).count(), 0);

    const after = stored(suite.backend);
    assert.equal(after.songs.filter((s) => s.name.startsWith('Needle')).length, 0);
    assert.equal(after.songs.length, before.songs.length - needles);
    assert.deepEqual(
      needleCovers.filter((c) => after.keys.has(c)),
      [],
      'the needles’ covers are deleted',
    );
    assert.equal(after.keys.size, before.keys.size - needles, 'every other cover stays');
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

/** Axe on the page as it is, then one screenshot per theme and width of the same state. */
async function shoot(page: import('playwright-core').Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const v of VARIANTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await page.emulateMedia({ colorScheme: v.theme });
    await page.waitForTimeout(200);
    assert.deepEqual(await axeViolations(page), [], `${name} ${v.theme} ${v.width}`);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${v.theme}-${v.width}.png`) });
  }
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: 'light' });
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ItemStore } from '../local-backend/data/store.ts';
import { ObjectStore } from '../local-backend/storage/object-store.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { axeViolations } from './support/axe.ts';
import { screenshot } from './support/browser.ts';
import { consoleSuite, signedIn } from './support/console-app.ts';
import { STOREFRONT_PEOPLE, plantFile, startStorefront } from './support/example-backend.ts';

/**
 * "Select all" past the loaded rows on a discovered model (examples/storefront's Product, a model
 * no console code names): 1,600 planted products, each with its own photo, every fourth named
 * "Needle …", so a server search for "needle" matches 400 spread over the whole table while the
 * table loads only the matches of its first read. A Managers member selects every match on the
 * server and deletes them with their files: one job reads them page by page, and afterwards
 * exactly the needles and their photos are gone. The bar and the confirmation are axe-clean.
 */
const PRODUCTS = 1_600;
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
let needles = 0;

const suite = consoleSuite({
  start: async () => {
    const backend = await startStorefront();
    const items = new ItemStore(backend.dataDir);
    try {
      const now = new Date().toISOString();
      const rows = Array.from({ length: PRODUCTS }, (_, i) => {
        const id = randomUUID();
        const needle = i % 4 === 0;
        if (needle) needles++;
        const name = `${needle ? 'Needle' : 'Planted'} product ${String(i).padStart(5, '0')}`;
        const photo = plantFile(backend, `products/${id}/photo-1.png`, PNG_1PX, 'image/png');
        return { id, name, sku: `PL-${i}`, imageKeys: [photo], __typename: 'Product', createdAt: now, updatedAt: now };
      });
      items.transaction(() => rows.forEach((row) => items.insert('Product', row.id, row)));
    } finally {
      items.close();
    }
    return backend;
  },
});

/** Products and product files as stored now (the backend's own stores). */
function stored(backend: TestBackend): { products: { name: string; photos: string[] }[]; keys: Set<string> } {
  const items = new ItemStore(backend.dataDir);
  const objects = new ObjectStore(backend.dataDir);
  try {
    const products = items.page('Product', null, 10_000).map((p) => ({
      name: String(p.item['name']),
      photos: (p.item['imageKeys'] as string[] | null) ?? [],
    }));
    const keys = new Set(objects.list('products/', '', 100_000).map((o) => o.key));
    return { products, keys };
  } finally {
    items.close();
    objects.close();
  }
}

test('a Managers member deletes every product matching a search, past the rows the table loaded', async () => {
  const before = stored(suite.backend);
  const needlePhotos = before.products.filter((p) => p.name.startsWith('Needle')).flatMap((p) => p.photos);
  assert.equal(needlePhotos.length, needles);
  assert.ok(needlePhotos.every((key) => before.keys.has(key)));
  const { page, context } = await signedIn(suite.browser, suite.app.url, STOREFRONT_PEOPLE.manager);
  try {
    await page.goto(`${suite.app.url}/records/Product`);
    const table = page.getByRole('table', { name: 'Products' });
    await table.locator('tr.mat-mdc-row').first().waitFor({ timeout: 30_000 });
    await page.getByLabel('Search products').fill('needle');
    await page.getByTestId('list-notice').filter({ hasText: 'Searched on the server' }).waitFor({ timeout: 20_000 });
    await page.locator('mat-progress-bar').waitFor({ state: 'detached' });
    // "250 of 250 products so far…": the matches among the loaded.
    const count = (await page.getByTestId('product-count').textContent()) ?? '';
    const loaded = Number(/[\d,]+/.exec(count)![0].replace(/,/g, ''));
    assert.ok(loaded > 0 && loaded < needles, `loaded ${loaded} of ${needles} matches`);

    await page.getByRole('checkbox', { name: 'Select the products on this page' }).check();
    await page.getByRole('button', { name: `Select all ${loaded.toLocaleString('en')} matching` }).click();
    await page.getByRole('button', { name: `Select all matching products, not only the ${loaded} loaded` }).click();
    await page
      .getByTestId('selected-count')
      .filter({ hasText: 'All matching products selected, on the server too' })
      .waitFor();
    // The bar's detach follows the choice too: it would detach from every match, not the loaded.
    await page.getByRole('button', { name: 'Detach all Image keys' }).waitFor();
    await shoot(page, 'records-select-all-bar');

    await page.getByRole('button', { name: 'Delete all matching' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Delete every product matching “needle”?' }).waitFor();
    assert.match(await dialog.innerText(), new RegExp(`On the server, not only the ${loaded} loaded.*no Undo`, 's'));
    await shoot(page, 'records-select-all-dialog');
    await dialog.getByRole('button', { name: 'Delete the files too' }).click();

    const panel = page
      .getByTestId('job-panel')
      .filter({ hasText: 'Delete every product matching “needle” and their files' });
    await panel
      .getByTestId('job-counts')
      .filter({ hasText: `${needles} of ${needles} done` })
      .waitFor({ timeout: 60_000 });
    assert.equal(await panel.getByRole('button', { name: 'Undo' }).count(), 0);

    const after = stored(suite.backend);
    assert.equal(after.products.filter((p) => p.name.startsWith('Needle')).length, 0);
    assert.equal(after.products.length, before.products.length - needles);
    assert.deepEqual(
      needlePhotos.filter((key) => after.keys.has(key)),
      [],
      'the needles’ photos are deleted',
    );
    assert.equal(after.keys.size, before.keys.size - needles, 'every other product file stays');
  } finally {
    await context.close();
  }
});

/** Axe on the page as it is in each scheme, and a screenshot of it, at 1280 and 375 px. */
async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.waitForTimeout(150);
      assert.deepEqual(await axeViolations(page), [], `${name} ${theme} ${width}`);
      await screenshot(page, `${name}-${theme}-${width}`);
    }
  }
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: 'light' });
}

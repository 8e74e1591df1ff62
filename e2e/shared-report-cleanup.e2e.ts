// "Select all" over the whole shared report: with more orphans than one report page holds, an
// admin filters the orphan table, selects every loaded match, takes up the offer to select every
// match in the report, and deletes them: the clean-up reads the report page by page from storage
// and applies the filter to each page. Storage is checked afterwards: every match, on both pages,
// is gone and nothing else is. Screenshots in light and dark at 1280 and 375 px, axe on each.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { OrphanScanSummary } from '../amplify/functions/orphan-scan/handler.ts';
import { axeViolations } from './support/axe.ts';
import { plantRecords } from './support/bench-records.ts';
import { screenshot as capture } from './support/browser.ts';
import { ADMIN, consoleSuite, signedIn } from './support/console-app.ts';

/** More than one report page (10,000 entries) of old stray files... */
const STRAYS = 10_200;
/** ...and as many files in use, so the orphan share stays plausible and the clean-up may run. */
const SONGS = 10_300;
const FILTER = 'stray-1';
const matches = (i: number) => String(i).startsWith('1');

let summary: OrphanScanSummary | undefined;
const suite = consoleSuite({
  setUp: async ({ backend }) => {
    await plantRecords(backend, { songs: SONGS });
    const objects = backend.storage!.store;
    const old = new Date(Date.now() - 48 * 3_600_000);
    for (let i = 0; i < STRAYS; i += 2000) {
      await Promise.all(
        Array.from({ length: Math.min(2000, STRAYS - i) }, (_, j) =>
          objects.commitSoon(`images/${randomUUID()}/stray-${i + j}.png`, objects.newBody().file, {
            size: 512,
            etag: 'd41d8cd98f00b204e9800998ecf8427e',
            contentType: 'image/png',
            metadata: {},
            lastModified: old,
          }),
        ),
      );
    }
    [summary] = (await backend.schedules!.scheduler.fireNow('orphan-scan')) as OrphanScanSummary[];
    assert.equal(summary?.pages.orphans.length, 2, 'the report has two pages of orphans');
  },
});

const strays = () =>
  suite.backend
    .storage!.store.list('images/', '', 1_000_000)
    .map((o) => /\/stray-(\d+)\.png$/.exec(o.key)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);

/** The stray numbers one page of the report lists (read from the bucket as the function wrote it). */
function straysOnPage(key: string): number[] {
  const store = suite.backend.storage!.store;
  const [meta] = store.list(key, '', 1);
  assert.equal(meta?.key, key);
  const text = gunzipSync(readFileSync(store.path(meta))).toString('utf8');
  return [...text.matchAll(/\/stray-(\d+)\.png"/g)].map((m) => Number(m[1]));
}

/** Light and dark, 1280 and 375 px, with `focus` scrolled into view at each width. */
async function shots(page: Page, name: string, focus?: Locator): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
      await focus?.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await capture(page, `${name}-${width}-${scheme}`);
      assert.deepEqual(await axeViolations(page), [], `accessibility of ${name} (${scheme}, ${width})`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('an admin deletes every orphan of the shared report that matches a filter, on every page', async () => {
  const before = strays();
  assert.equal(before.length, STRAYS);
  const [first, second] = summary!.pages.orphans.map(straysOnPage);
  assert.ok(first!.some(matches) && second!.some(matches), 'both pages of the report list matching files');
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, ADMIN, { width: 1280, height: 900 });
  try {
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: /Orphan/ })
      .click();
    const paging = page.getByTestId('report-paging');
    await paging.filter({ hasText: /Loaded 10,000 of [\d,]+ orphan files/ }).waitFor({ timeout: 30_000 });
    await page
      .getByLabel(/Filter/)
      .first()
      .fill(FILTER);
    await page.locator('th mat-checkbox').first().click();
    const offer = page.getByTestId('select-whole-report');
    await offer.filter({ hasText: `loaded files matching “${FILTER}” are selected` }).waitFor();
    await offer.getByRole('button', { name: `Select every orphan in the report matching “${FILTER}”` }).click();
    await offer.filter({ hasText: 'applies the filter to each page of the report' }).waitFor();
    await shots(page, 'shared-report-select-all', offer);

    await page.getByRole('button', { name: `Delete all in the report matching “${FILTER}”` }).click();
    await page.getByRole('heading', { name: /Delete the orphan files of the shared report whose key/ }).waitFor();
    await shots(page, 'shared-report-cleanup-confirm');
    await page.getByRole('button', { name: /Delete files/ }).click();
    const panel = page.getByTestId('job-panel');
    await panel.getByTestId('job-counts').filter({ hasText: '2 of 2 done' }).waitFor({ timeout: 180_000 });
    await panel.getByText(/Page 2 of 2/).waitFor();
    await shots(page, 'shared-report-cleanup-done');

    const after = strays();
    assert.deepEqual(
      after.filter(matches),
      [],
      'every stray matching the filter is gone, from both pages of the report',
    );
    assert.equal(after.length, before.filter((i) => !matches(i)).length, 'and no other file');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// The server's shared orphan report in Chromium with two admins in two browser contexts: both see
// the same report and the same overview counts; one starts a scan on the server and the other
// watches its progress live (the ScanRun subscription) until the new report shows on both. The
// orphan report pages through the report from storage. Screenshots in light and dark at 1280 and
// 375 px, axe on each page.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { screenshot as capture } from './support/browser.ts';
import { ADMIN, consoleSuite, signedIn, type Account } from './support/console-app.ts';
import type { OrphanScanSummary } from '../amplify/functions/orphan-scan/handler.ts';

const SECOND_ADMIN: Account = { email: 'second.admin@example.com', password: 'Second-Admin-2026', group: 'ADMINS' };
/** Enough stray files that a scan takes a few seconds, so its progress can be watched. */
const STRAYS = 40_000;

const suite = consoleSuite({
  setUp: async ({ backend }) => {
    const identity = backend.identityService;
    const user = identity.userPool.createUser(SECOND_ADMIN.email, SECOND_ADMIN.password);
    identity.store.addToGroup(user.sub, 'ADMINS');
    // Two scheduled reports for the history: the demo world, then the demo world with strays.
    await backend.schedules!.scheduler.fireNow('orphan-scan');
    const objects = backend.storage!.store;
    const old = new Date(Date.now() - 48 * 3_600_000);
    for (let i = 0; i < STRAYS; i += 2000) {
      await Promise.all(
        Array.from({ length: 2000 }, (_, j) =>
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
    const [summary] = (await backend.schedules!.scheduler.fireNow('orphan-scan')) as OrphanScanSummary[];
    assert.ok(summary && summary.totals.orphaned >= STRAYS, 'the second report holds the strays');
  },
});

async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  await capture(page, name);
}

const line = (page: Page) => page.getByTestId('shared-report-line');
/**
 * How the other admin reads a run the second admin started: by the email the function recorded,
 * or, where it recorded only an id, as another operator.
 */
const byOther = new RegExp(`started by (${SECOND_ADMIN.email.replace(/\./g, '\\.')}|another operator)`);
const tiles = (page: Page) => page.locator('.tiles a').allInnerTexts();

async function overview(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  await line(page).filter({ hasText: 'Shared report from' }).waitFor({ timeout: 20_000 });
}

test('two admins see the same shared report; one starts a scan and the other watches it live', async () => {
  const a = await signedIn(suite.browser, suite.app.url, SECOND_ADMIN);
  const b = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await overview(a.page);
    await overview(b.page);
    const before = (await line(a.page).innerText()).replace(/\s+/g, ' ');
    assert.match(before, /started by the daily schedule: [\d,]+ files, [\d,]+ orphaned/);
    assert.equal((await line(b.page).innerText()).replace(/\s+/g, ' '), before, 'the same report for both');
    await a.page.getByTestId('report-source').waitFor();
    await b.page.getByTestId('report-source').waitFor();
    assert.equal(
      await a.page.getByTestId('report-source').innerText(),
      await b.page.getByTestId('report-source').innerText(),
      'the same source for both',
    );
    assert.deepEqual(await tiles(b.page), await tiles(a.page), 'the same overview counts');
    assert.equal(await a.page.getByTestId('history-chart').count(), 4, 'the history of the two reports');

    // Every text the watching admin's progress line shows, as it shows it.
    await b.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid=server-scan-progress]')?.textContent?.replace(/\s+/g, ' ');
        if (text && seen.at(-1) !== text) seen.push(text.trim());
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await a.page.getByRole('button', { name: 'Scan now' }).click();
    const progress = b.page.getByTestId('server-scan-progress');
    await progress.filter({ hasText: byOther }).waitFor({ timeout: 20_000 });
    await a.page.getByTestId('server-scan-progress').filter({ hasText: 'started by you' }).waitFor();
    await screenshot(b.page, 'shared-report-running-1280-light');

    await progress.waitFor({ state: 'detached', timeout: 60_000 });
    const seen = await b.page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    assert.ok(
      seen.some((t) => /[1-9][\d,]* files listed/.test(t)),
      `the watching admin saw the counts move: ${JSON.stringify(seen)}`,
    );
    await line(b.page).filter({ hasText: byOther }).waitFor();
    await line(a.page).filter({ hasText: 'started by you' }).waitFor();
    assert.deepEqual(await tiles(b.page), await tiles(a.page), 'the same counts after the new report');
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('the orphan report pages through the shared report from storage; screenshots and axe', async () => {
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await overview(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
        await page.reload();
        await line(page).filter({ hasText: 'Shared report from' }).waitFor({ timeout: 20_000 });
        await page.getByTestId('history-chart').first().scrollIntoViewIfNeeded();
        await screenshot(page, `shared-report-overview-${width}-${scheme}`);
        assert.deepEqual(await axeViolations(page), [], `accessibility of the overview (${scheme}, ${width})`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: /Orphan/ })
      .click();
    const paging = page.getByTestId('report-paging');
    await paging.waitFor({ timeout: 20_000 });
    assert.match(await paging.innerText(), /Loaded 10,000 of [\d,]+ orphan files/);
    await page.getByRole('button', { name: 'More orphan files' }).click();
    await paging.filter({ hasText: /Loaded 20,000 of/ }).waitFor({ timeout: 20_000 });
    await page
      .getByLabel(/Filter/)
      .first()
      .fill('stray-1234.png');
    await page.locator('tr.mat-mdc-row').filter({ hasText: 'stray-1234.png' }).first().waitFor();
    const source = page.getByTestId('report-source');
    assert.match(
      (await source.innerText()).replace(/\s+/g, ' '),
      /^(From a listing of the bucket( \(not the S3 Inventory report: .+\))?\.|From the S3 Inventory report of .+ \(files written since then appear in the next report\)\.) .*grace period \(1 hour\)/,
    );

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
        await screenshot(page, `shared-report-orphans-${width}-${scheme}`);
      }
      assert.deepEqual(await axeViolations(page), [], `accessibility of the orphan report (${scheme})`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the whole orphan list exports as CSV page by page with its progress, and an export can be cancelled', async () => {
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, ADMIN, undefined, {
    acceptDownloads: true,
  });
  try {
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: /Orphan/ })
      .click();
    const paging = page.getByTestId('report-paging');
    await paging.waitFor({ timeout: 20_000 });
    const total = Number(
      /Loaded [\d,]+ of ([\d,]+) orphan files/.exec(await paging.innerText())![1]!.replace(/,/g, ''),
    );
    assert.ok(total >= STRAYS, `the report holds the strays (${total})`);

    // Every progress text shown while the export runs.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { exportSeen: string[] }).exportSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid=export-progress]')?.textContent?.replace(/\s+/g, ' ');
        if (text && seen.at(-1) !== text.trim()) seen.push(text.trim());
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // The second page is held back until the screenshot of the export under way is taken.
    let releaseSecond!: () => void;
    const secondHeld = new Promise<void>((r) => (releaseSecond = r));
    await page.route(/orphans-0002/, async (route) => {
      await secondHeld;
      await route.continue();
    });
    // The page's JS heap while the export runs, sampled (a figure to read, not a pass mark).
    const cdp = await context.newCDPSession(page);
    const heap = async () => ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    await cdp.send('HeapProfiler.collectGarbage');
    const baseline = await heap();
    let peak = baseline;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heap());
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('export-all-orphans').click();
    await page
      .getByTestId('export-progress')
      .filter({ hasText: `Exporting 10,000 of ${total.toLocaleString('en')}` })
      .waitFor();
    await screenshot(page, 'shared-report-export-1280-light');
    releaseSecond();
    const file = await download;
    sampling = false;
    await sampler;
    assert.match(file.suggestedFilename(), /^orphan-files-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await file.path())!, 'utf8');
    const mb = (n: number) => (n / 1_048_576).toFixed(1);
    console.log(
      `export of ${total} orphans: file ${mb(Buffer.byteLength(text))} MB; JS heap ${mb(baseline)} MB before, ` +
        `peak ${mb(peak)} MB while exporting (+${mb(peak - baseline)} MB)`,
    );
    const lines = text.split('\r\n').filter(Boolean);
    assert.equal(lines.length, total + 1, 'a header and one line per orphan in the report');
    assert.equal(new Set(lines).size, lines.length, 'no line twice');
    assert.equal(lines.filter((l) => /\/stray-\d+\.png,512,/.test(l)).length, STRAYS, 'every planted stray');
    const seen = await page.evaluate(() => (window as unknown as { exportSeen: string[] }).exportSeen);
    assert.ok(seen.length >= 2, `the progress moved: ${JSON.stringify(seen)}`);
    await page.getByTestId('export-progress').waitFor({ state: 'detached' });

    // Cancelled while the second page is on its way: no file, and the buttons are back.
    let releaseAgain!: () => void;
    const heldAgain = new Promise<void>((r) => (releaseAgain = r));
    await page.unroute(/orphans-0002/);
    await page.route(/orphans-0002/, async (route) => {
      await heldAgain;
      await route.continue();
    });
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByTestId('export-all-orphans').click();
    await page.getByTestId('export-progress').waitFor();
    await page.getByRole('button', { name: 'Cancel export' }).click();
    releaseAgain();
    await page.getByText('Export cancelled.').waitFor();
    await page.getByTestId('export-progress').waitFor({ state: 'detached' });
    await page.waitForTimeout(500);
    assert.equal(downloads, 0, 'a cancelled export offers no file');
    assert.equal(await page.getByTestId('export-all-orphans').isEnabled(), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a report read from the S3 Inventory report says so, with its date and what it means for newer files', async () => {
  const [inventory] = await suite.backend.storage!.writeInventory();
  assert.ok(inventory, 'amplify/backend.ts configures an inventory the local S3 delivers');
  const [summary] = (await suite.backend.schedules!.scheduler.fireNow('orphan-scan')) as OrphanScanSummary[];
  assert.equal(summary?.source, 'inventory');
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await overview(page);
    const source = page.getByTestId('report-source');
    await source.filter({ hasText: 'From the S3 Inventory report of' }).waitFor({ timeout: 20_000 });
    assert.match(
      (await source.innerText()).replace(/\s+/g, ' '),
      /^From the S3 Inventory report of \w{3} \d{1,2}, \d{4}, .+ \(files written since then appear in the next report\)\. An unreferenced file written after that report is not in this one, so it is neither listed nor cleaned up until the next report; the grace period \(1 hour\) still keeps any newer file out of clean-up\./,
    );
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
        await screenshot(page, `shared-report-inventory-${width}-${scheme}`);
        assert.deepEqual(await axeViolations(page), [], `accessibility of the overview (${scheme}, ${width})`);
      }
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

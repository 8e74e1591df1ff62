// The orphan report in Chromium on the demo data: an operator runs it but is offered no clean-up
// and is refused the clean-up route; an admin sees the seeded orphans and dangling references,
// exports CSV, cleans both up through the job runner, rescans to zero and finds the counts on the
// dashboard. Screenshots in light and dark at 1280 and 375 px.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoPlan } from '../local-backend/seed/demo-plan.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import type { AppServer } from './support/app-server.ts';
import { axeViolations } from './support/axe.ts';
import { collectErrors, screenshot as capture } from './support/browser.ts';
import {
  ADMIN,
  OPERATOR,
  closeConsole,
  openConsole,
  signIn as signInOn,
  startBackendOnStoragePort,
  type Account,
} from './support/console-app.ts';

const plan = demoPlan();
let backend: TestBackend;
let app: AppServer;
let browser: Browser;

before(async () => {
  ({ backend, app, browser } = await openConsole(() => startBackendOnStoragePort({}, { tries: 90 })));
});

after(() => closeConsole({ browser, app, backend }));

async function signIn(
  account: Account,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = collectErrors(page);
  // Failed responses by URL; the console's own line for them says no more. A HEAD answered 404 is
  // an answer, not a failure: the backend check's probe, and "is this file there?" before clearing
  // a dangling reference.
  page.on('response', (r) => {
    const absent = r.request().method() === 'HEAD' && r.status() === 404;
    if (r.status() >= 400 && !absent) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  await signInOn(page, app.url, account);
  return { context, page, errors };
}

/** The page's errors, without the console's duplicate line for each failed response. */
const problems = (errors: string[]) => errors.filter((e) => !/Failed to load resource/.test(e));

/** A screenshot once transitions (theme colours, progress bars) have settled. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  await capture(page, name);
}

async function runScan(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Run scan|Scan again/ }).click();
  await page.getByRole('tab', { name: /^Orphan files/ }).waitFor({ timeout: 20_000 });
}

const tabLabel = (page: Page, name: RegExp) => page.getByRole('tab', { name }).innerText();

test('an operator runs the report but is offered no clean-up, and its route is refused', async () => {
  const { context, page, errors } = await signIn(OPERATOR);
  await page.getByRole('link', { name: 'Orphan report', exact: true }).click();
  await page.getByRole('heading', { name: 'Orphan report', level: 1 }).waitFor();
  await runScan(page);
  assert.match(await tabLabel(page, /^Orphan files/), new RegExp(`\\(${plan.orphans.length}\\)`));
  assert.match(await tabLabel(page, /^Dangling references/), new RegExp(`\\(${plan.dangling.length}\\)`));
  assert.equal(await page.getByRole('button', { name: /Delete/ }).count(), 0);
  assert.equal(await page.getByRole('checkbox').count(), 0);
  await page.getByRole('tab', { name: /^Dangling references/ }).click();
  assert.equal(await page.getByRole('button', { name: /Clear/ }).count(), 0);

  await page.goto(`${app.url}/orphans/cleanup`);
  await page.waitForURL(/\/not-allowed$/, { timeout: 15_000 });
  assert.deepEqual(problems(errors), []);
  await context.close();
});

test('the report fits a phone (375 px) in light and dark', async () => {
  const { context, page } = await signIn(OPERATOR, { width: 375, height: 812 });
  await page.goto(`${app.url}/orphans`);
  await page.getByRole('heading', { name: 'Orphan report', level: 1 }).waitFor();
  await runScan(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `orphans-report-375-${scheme}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  }
  await page.goto(`${app.url}/overview`);
  await page.locator('app-scan-dashboard').waitFor();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `overview-dashboard-375-${scheme}`);
  }
  await context.close();
});

test('an admin sees the seeded orphans and dangling references, exports CSV, cleans up and rescans to zero', async () => {
  const { context, page, errors } = await signIn(ADMIN);
  await page.getByRole('link', { name: 'Orphan report', exact: true }).click();
  await runScan(page);
  await page.getByText(/Last scan .* by admin@example\.com/).waitFor();

  const keys = await page.locator('table[aria-label="Orphan files"] td.mat-column-path').allInnerTexts();
  assert.deepEqual(keys.map((k) => k.trim()).sort(), [...plan.orphans].sort());
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator('app-orphan-preview img').first().waitFor();
    await screenshot(page, `orphans-report-1280-${scheme}`);
    assert.deepEqual(await axeViolations(page), [], `accessibility of the report (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'path,bytes,last_modified,record_id,record_model,record_exists,in_grace_period');
  assert.deepEqual(
    lines
      .slice(1)
      .map((l) => l.split(',')[0])
      .sort(),
    [...plan.orphans].sort(),
  );

  await page.getByRole('tab', { name: /^Dangling references/ }).click();
  await page.locator('table[aria-label="Dangling references"]').waitFor();
  const missing = await page.locator('table[aria-label="Dangling references"] td.mat-column-path').allInnerTexts();
  assert.deepEqual(missing.map((k) => k.trim()).sort(), [...plan.dangling].sort());
  await screenshot(page, 'orphans-dangling-1280-light');
  assert.deepEqual(await axeViolations(page), [], 'accessibility of the dangling references');

  // Orphans: all of them, through the clean-up page and the job runner.
  await page.getByRole('tab', { name: /^Orphan files/ }).click();
  await page.getByRole('button', { name: `Delete all (${plan.orphans.length})` }).click();
  await page.getByRole('heading', { name: new RegExp(`Delete ${plan.orphans.length} orphan files`) }).waitFor();
  await screenshot(page, 'orphans-cleanup-confirm-1280-light');
  assert.deepEqual(await axeViolations(page), [], 'accessibility of the clean-up page');
  await page.getByRole('button', { name: 'Delete files' }).click();
  await page.getByText(`${plan.orphans.length} of ${plan.orphans.length} done`).waitFor({ timeout: 20_000 });
  await screenshot(page, 'orphans-cleanup-done-1280-light');
  await page.getByRole('link', { name: 'Back to the report' }).click();
  assert.match(await tabLabel(page, /^Orphan files/), /\(0\)/);

  // Dangling references: select them all, clear them.
  await page.getByRole('tab', { name: /^Dangling references/ }).click();
  await page.getByRole('checkbox', { name: 'Select all matching references' }).check();
  await page.getByRole('button', { name: `Clear selected (${plan.dangling.length})` }).click();
  await page.getByRole('button', { name: 'Clear references' }).click();
  // The shell's dock may still show the orphan job: read the clean-up page's own panel.
  await page
    .locator('app-cleanup-page')
    .getByText(/(\d+) of \1 done/)
    .waitFor({ timeout: 20_000 });
  await page.getByRole('link', { name: 'Back to the report' }).click();

  await runScan(page);
  assert.match(await tabLabel(page, /^Orphan files/), /\(0\)/);
  assert.match(await tabLabel(page, /^Dangling references/), /\(0\)/);
  await page.getByTestId('no-orphans').waitFor();

  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  const dashboard = page.locator('app-scan-dashboard');
  await dashboard.getByText('by admin@example.com').waitFor();
  const tile = (label: string) =>
    dashboard
      .getByRole('link')
      .filter({ has: page.getByText(label, { exact: true }) })
      .locator('.value')
      .innerText();
  assert.equal(await tile('Orphan files'), '0');
  assert.equal(await tile('Dangling references'), '0');
  assert.equal(await tile('Songs'), String(plan.songs.length));
  assert.equal(await tile('Albums'), String(plan.albums.length));
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `overview-dashboard-1280-${scheme}`);
    assert.deepEqual(await axeViolations(page), [], `accessibility of the dashboard (${scheme})`);
  }
  assert.deepEqual(problems(errors), []);
  await context.close();
});

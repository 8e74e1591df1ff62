// What operators (and their browser extensions) see in the browser console: a session through
// every page logs nothing at error level and no request fails; an unknown address shows a
// not-found page; the song page's missing-file banner shows its icon whole at 1280 and 375 px.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { demoPlan } from '../local-backend/seed/demo-plan.ts';
import { axeViolations } from './support/axe.ts';
import { ADMIN, consoleSuite, fillSignIn } from './support/console-app.ts';
import { screenshotsInPlace } from './support/screenshots.ts';

const suite = consoleSuite();
const plan = demoPlan();
/** Seeded records whose files are gone: a song's cover, one image of an album. */
const songWithoutFile = plan.songs.find((s) => s.coverArtPath && plan.dangling.includes(s.coverArtPath))!;
const albumWithoutFile = plan.albums.find((a) => a.imagePaths.some((p) => plan.dangling.includes(p)))!;

/**
 * What the browser would show in its console: lines at error level, uncaught errors, and requests
 * that failed or were answered 4xx/5xx. A request the page itself stopped (a navigation, a
 * cancelled upload) is not a failure: the browser logs nothing for it.
 */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`failed: ${request.method()} ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  return problems;
}

async function openFromNav(page: Page, label: string, heading = label): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** Waits until the page has stopped asking (listings, HEADs, images) and nothing spins. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('mat-spinner').first().waitFor({ state: 'detached', timeout: 10_000 });
}

async function openAndClose(page: Page, button: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await settled(page);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

async function assertNoViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core on ${where}:\n${violations.join('\n')}`);
}

test('a session through every page logs no error and fails no request', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const problems = watchConsole(page);
  try {
    await page.goto(suite.app.url);
    await fillSignIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor({ timeout: 20_000 });
    await settled(page);

    await openFromNav(page, 'Songs');
    await page.locator('table[aria-label=Songs] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
    // The dangling covers are known to be missing, from listings that answered 200.
    const missing = plan.songs.filter((s) => s.coverArtPath && plan.dangling.includes(s.coverArtPath)).length;
    await page
      .getByTestId('missing-file')
      .nth(missing - 1)
      .waitFor({ timeout: 20_000 });
    await settled(page);
    assert.equal(await page.getByTestId('missing-file').count(), missing);
    await openAndClose(page, 'New song');

    await page.getByRole('link', { name: songWithoutFile.name, exact: true }).click();
    await page.getByRole('heading', { name: songWithoutFile.name, level: 1 }).waitFor();
    await page.locator('p.missing[role=alert]').waitFor();
    await settled(page);
    await openAndClose(page, 'Replace cover');

    await openFromNav(page, 'Albums');
    await page.locator('table[aria-label=Albums] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
    await settled(page);
    await page.getByRole('link', { name: albumWithoutFile.name, exact: true }).click();
    await page.getByRole('heading', { name: albumWithoutFile.name, level: 1 }).waitFor();
    await page.getByTestId('missing-file').first().waitFor();
    await settled(page);

    await openFromNav(page, 'Orphan report');
    await page.getByRole('button', { name: /Run scan|Scan again/ }).click();
    await page.getByRole('tab', { name: /^Orphan files/ }).waitFor({ timeout: 20_000 });
    await settled(page);

    await openFromNav(page, 'Users');
    await page.locator('table[aria-label=Users] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
    await settled(page);

    await page.goto(`${suite.app.url}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor({ timeout: 20_000 });
    await settled(page);

    assert.deepEqual(problems, [], `the browser console:\n${problems.join('\n')}`);
  } finally {
    await context.close();
  }
});

test('an unknown address shows a not-found page that names it and links home (axe, light and dark)', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  try {
    await page.goto(suite.app.url);
    await fillSignIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('user-role').waitFor({ timeout: 20_000 });

    await page.goto(`${suite.app.url}/no-such-page?from=bookmark`);
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor({ timeout: 20_000 });
    assert.equal((await page.getByTestId('unknown-address').innerText()).trim(), '/no-such-page');
    assert.equal(new URL(page.url()).pathname, '/no-such-page', 'the address stays as typed');
    assert.equal(await page.title(), 'Page not found · Attachment Console');
    await screenshotsInPlace(page, 'not-found', {
      inScheme: (scheme) => assertNoViolations(page, `the not-found page (${scheme})`),
    });

    await page.getByRole('link', { name: 'Go to the overview' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/overview');
  } finally {
    await context.close();
  }
});

test("the song page's missing-file banner shows its icon whole at 1280 and 375 px (screenshots, light and dark)", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  try {
    await page.goto(suite.app.url);
    await fillSignIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('user-role').waitFor({ timeout: 20_000 });
    await page.goto(`${suite.app.url}/songs/${songWithoutFile.id}`);
    const banner = page.locator('p.missing[role=alert]');
    await banner.waitFor({ timeout: 20_000 });
    await screenshotsInPlace(page, 'missing-cover-banner', {
      focus: banner,
      atWidth: async (width) => {
        const [box, icon] = await Promise.all([banner.boundingBox(), banner.locator('mat-icon').boundingBox()]);
        assert.ok(box && icon, 'the banner and its icon are laid out');
        assert.ok(icon.width >= 24 && icon.height >= 24, `${width} px: the icon is ${icon.width}×${icon.height} px`);
        assert.ok(
          icon.x >= box.x && icon.x + icon.width <= box.x + box.width,
          `${width} px: the icon (${icon.x}–${icon.x + icon.width}) lies outside the banner (${box.x}–${box.x + box.width})`,
        );
      },
    });
  } finally {
    await context.close();
  }
});

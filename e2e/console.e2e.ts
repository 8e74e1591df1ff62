// The console's foundation in Chromium against the production build: the first load, phone widths,
// accessibility of every page (light and dark), and surviving a backend that goes away.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestBackend } from '../local-backend/testing/test-backend.ts';
import { INITIAL_JS_GZIP_LIMIT, measureFirstLoad } from '../scripts/first-load.mjs';
import { DIST } from './support/app-server.ts';
import { axeViolations } from './support/axe.ts';
import { collectErrors, screenshot } from './support/browser.ts';
import { ADMIN, signIn, consoleSuite } from './support/console-app.ts';

const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [1280, 375, 320] as const;

const suite = consoleSuite({ start: () => startTestBackend() });

function context(scheme: 'light' | 'dark', width = 1280): Promise<BrowserContext> {
  return suite.browser.newContext({
    colorScheme: scheme,
    reducedMotion: 'reduce',
    viewport: { width, height: width < 600 ? 740 : 800 },
  });
}

async function assertNoViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core on ${where}:\n${violations.join('\n')}`);
}

/** The page fits the viewport: no sideways scrolling, and the account menu is fully on screen. */
async function assertFitsWidth(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `${where}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
  for (const testId of ['user-menu', 'user-role']) {
    const box = await page.getByTestId(testId).boundingBox();
    assert.ok(
      box && box.x >= 0 && box.x + box.width <= innerWidth,
      `${where}: ${testId} is off-screen (${JSON.stringify(box)})`,
    );
  }
}

test('the production build carries no amplify_outputs.json, and its initial JS stays within 150 kB gzip', () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'no production build');
  assert.equal(existsSync(join(DIST, 'amplify_outputs.json')), false, 'the build contains amplify_outputs.json');
  const firstLoad = measureFirstLoad(DIST);
  assert.ok(
    firstLoad.initialJs.gzip <= INITIAL_JS_GZIP_LIMIT,
    `initial JS is ${firstLoad.initialJs.gzip} bytes gzip (${firstLoad.initialJs.files.join(', ')})`,
  );
  assert.ok(firstLoad.iconFont.raw < 32 * 1024, `the icon font is ${firstLoad.iconFont.raw} bytes`);
});

for (const scheme of SCHEMES) {
  test(`every page has zero axe-core violations (${scheme})`, async () => {
    const ctx = await context(scheme);
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto(suite.app.url);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await assertNoViolations(page, `the sign-in page (${scheme})`);

    await signIn(page, suite.app.url, ADMIN).catch((err: Error) => {
      throw new Error(`${err.message}\n${errors.join('\n')}`);
    });
    const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
    const count = await links.count();
    assert.ok(count >= 1, 'no navigation entries');
    for (let i = 0; i < count; i++) {
      const label = (await links.nth(i).locator('[matListItemTitle]').innerText()).trim();
      const href = (await links.nth(i).getAttribute('href')) ?? '';
      await links.nth(i).click();
      await page.waitForURL(new URL(href, suite.app.url).href);
      await page.locator('main#main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      // The page as it settles, not a loading spinner that may or may not still be there.
      await page.locator('mat-spinner').first().waitFor({ state: 'detached', timeout: 10_000 });
      await assertNoViolations(page, `${label} (${scheme})`);
    }
    await page.goto(`${suite.app.url}/not-allowed`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await assertNoViolations(page, `not allowed (${scheme})`);

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
    await assertNoViolations(page, `the open user menu (${scheme})`);
    await ctx.close();
  });
}

test('the shell fits 1280, 375 and 320 px in light and dark (screenshots)', async () => {
  for (const scheme of SCHEMES) {
    const ctx = await context(scheme, 1280);
    const page = await ctx.newPage();
    await page.goto(suite.app.url);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
      await screenshot(page, `sign-in-${width}-${scheme}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, suite.app.url, ADMIN);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
      // Below 600 px the navigation becomes a closed drawer.
      await page.getByRole('navigation', { name: 'Pages' }).waitFor({ state: width < 600 ? 'hidden' : 'visible' });
      await assertFitsWidth(page, `overview at ${width} px (${scheme})`);
      await screenshot(page, `overview-${width}-${scheme}`);
    }
    // On a phone the navigation is a drawer, and the theme switch is in the user menu.
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').first().waitFor();
    await assertNoViolations(page, `the phone navigation drawer (${scheme})`);
    await screenshot(page, `overview-320-${scheme}-drawer`);
    await ctx.close();
  }
});

test('a signed-in console whose backend goes away says so, retries, and comes back without a new sign-in', async () => {
  const ctx = await context('light');
  const page = await ctx.newPage();
  await signIn(page, suite.app.url, ADMIN);
  // A live list: its realtime connection drops with the backend, and the shell says so at once.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Songs' }).click();
  await page.getByRole('heading', { name: 'Songs', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');

  await suite.backend.stop({ keepData: true });
  const banner = page.locator('header [role=alert]');
  await banner.waitFor({ timeout: 20_000 });
  assert.match(await banner.innerText(), new RegExp(`The backend at ${suite.backend.baseUrl} cannot be reached\\.`));
  assert.ok(
    await page.getByRole('heading', { name: 'Songs', level: 1 }).isVisible(),
    'the page stays under the banner',
  );
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await assertNoViolations(page, `the unreachable banner (${scheme})`);
    await screenshot(page, `banner-1280-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  await page.reload();
  const message = page.getByTestId('unreachable-message');
  await message.waitFor({ timeout: 10_000 });
  assert.equal((await message.innerText()).trim(), `The backend at ${suite.backend.baseUrl} cannot be reached.`);
  assert.equal(await page.locator('amplify-authenticator').count(), 0, 'the sign-in page shows instead');
  await page.getByText(/Retrying in \d+ s\./).waitFor();
  await page.getByRole('button', { name: 'Retry now' }).waitFor();
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await assertNoViolations(page, `the unreachable page (${scheme})`);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
      await screenshot(page, `unreachable-${width}-${scheme}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // Same data directory and port: the stored tokens are still good, the automatic retry finds it.
  suite.backend = await startTestBackend({ dataDir: suite.backend.dataDir, port: suite.backend.port });
  await page.getByTestId('user-role').waitFor({ timeout: 40_000 });
  assert.equal((await page.getByTestId('user-role').innerText()).trim(), 'Admin');
  assert.equal(await page.locator('amplify-authenticator').count(), 0);
  await ctx.close();
});

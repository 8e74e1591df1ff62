// The console on a Gen 2 app it was not written for: examples/storefront, served by the local
// backend with --project and seeded by its own amplify/seed/seed.ts. No console code names its
// models: the side navigation, the Data model page and the model routes come from discovery.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startLocalBackend } from '../local-backend/local-backend.ts';
import { createLogger } from '../local-backend/log.ts';
import { REPO_ROOT } from '../local-backend/project.ts';
import { testBackendOptions } from '../local-backend/testing/backend-options.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { axeViolations } from './support/axe.ts';
import { screenshot } from './support/browser.ts';
import { consoleSuite, signedIn } from './support/console-app.ts';

const EXAMPLE = join(REPO_ROOT, 'examples', 'storefront');
const MANAGER = { email: 'manager@storefront.example', password: 'Store-Manager-2026' };
const STAFF = { email: 'staff@storefront.example', password: 'Store-Staff-2026' };
const AUDITOR = { email: 'auditor@storefront.example', password: 'Store-Auditor-2026' };
const ALEX = { email: 'alex@storefront.example', password: 'Store-Alex-2026' };

/** The example on the Storage port (its seed uploads through the real client), seeded its own way. */
async function startExample(): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'any-app-e2e-'));
  const options = testBackendOptions(dataDir, { project: EXAMPLE, port: 20005, seed: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const backend = await startLocalBackend(options, createLogger('warn'));
      return {
        ...backend,
        dataDir,
        async stop() {
          await backend.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 60) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

const suite = consoleSuite({ start: startExample });

async function navTitles(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Pages' }).getByRole('link');
  await links.first().waitFor();
  // Model entries appear once discovery has sampled the backend.
  await page.getByRole('link', { name: 'Data model' }).waitFor();
  return (await links.locator('[matListItemTitle]').allInnerTexts()).map((t) => t.trim());
}

async function navOf(account: { email: string; password: string }, expected: string[]): Promise<void> {
  const { context, page } = await signedIn(suite.browser, suite.app.url, account);
  try {
    const deadline = Date.now() + 15_000;
    let titles = await navTitles(page);
    while (JSON.stringify(titles) !== JSON.stringify(expected) && Date.now() < deadline) {
      await page.waitForTimeout(200);
      titles = await navTitles(page);
    }
    assert.deepEqual(titles, expected, `the side navigation of ${account.email}`);
  } finally {
    await context.close();
  }
}

test("a Managers member sees the example's models and no Songs, Albums or Users", () =>
  navOf(MANAGER, ['Overview', 'Products', 'Galleries', 'Employees', 'Orphan report', 'Data model']));

test('each group sees in the navigation what its rules let it read', async () => {
  // Staff and Auditors read products and galleries; anyone signed in reads their own Employee
  // record (allow.owner()). Alex, in no group, has only that: no catalogue, no orphan report.
  await navOf(STAFF, ['Overview', 'Products', 'Galleries', 'Employees', 'Orphan report', 'Data model']);
  await navOf(AUDITOR, ['Overview', 'Products', 'Galleries', 'Employees', 'Orphan report', 'Data model']);
  await navOf(ALEX, ['Overview', 'Employees', 'Data model']);
});

test('the Data model page lists the file fields found, clean for axe in light and dark, at 1280 and 375 px', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 375]) {
      const viewport = { width, height: width < 600 ? 740 : 900 };
      const { context, page } = await signedIn(suite.browser, suite.app.url, MANAGER, viewport, {
        colorScheme,
        reducedMotion: 'reduce',
      });
      try {
        await page.goto(`${suite.app.url}/discovery`);
        const table = page.locator('table.file-fields');
        await table.waitFor({ timeout: 30_000 });
        const fields = (await table.locator('tr.mat-mdc-row td:first-child').allInnerTexts()).map((t) => t.trim());
        assert.deepEqual(fields.sort(), [
          'Employee.avatarPath',
          'Gallery.photoPaths',
          'Product.imageKeys',
          'Product.manualPath',
        ]);
        const statuses = await table.locator('tr.mat-mdc-row .status').allInnerTexts();
        assert.ok(
          statuses.every((s) => s.trim() === 'Found'),
          `every field is found from the data: ${statuses.join(', ')}`,
        );
        await page.getByText('The orphan clean-up may run').waitFor();
        const violations = await axeViolations(page);
        assert.deepEqual(
          violations,
          [],
          `axe on the Data model page (${colorScheme}, ${width} px):\n${violations.join('\n')}`,
        );
        await screenshot(page, `any-app-data-model-${colorScheme}-${width}`);
      } finally {
        await context.close();
      }
    }
  }
});

test('a model page opens from the navigation; a model the groups cannot read says which rule they lack', async () => {
  const manager = await signedIn(suite.browser, suite.app.url, MANAGER);
  try {
    await manager.page.getByRole('link', { name: 'Products' }).click();
    await manager.page.waitForURL(`${suite.app.url}/records/Product`);
    await manager.page.locator('main#main h1').first().waitFor();
    assert.doesNotMatch(await manager.page.locator('main#main').innerText(), /not readable with your groups/);
  } finally {
    await manager.context.close();
  }
  const alex = await signedIn(suite.browser, suite.app.url, ALEX);
  try {
    await alex.page.goto(`${suite.app.url}/records/Product`);
    const reason = alex.page.getByTestId('model-access-reason');
    await reason.waitFor({ timeout: 20_000 });
    assert.match(await reason.innerText(), /None of Product's rules lets signed-in users without a group read it/);
    await alex.page.goto(`${suite.app.url}/records/Widget`);
    await alex.page.getByTestId('unknown-address').waitFor();
    assert.equal(await alex.page.getByTestId('unknown-address').innerText(), '/records/Widget');
    await alex.page.goto(`${suite.app.url}/songs`);
    assert.equal(await alex.page.getByTestId('unknown-address').innerText(), '/songs');
  } finally {
    await alex.context.close();
  }
});

// The console on a Gen 2 app it was not written for: examples/storefront, served by the local
// backend with --project and seeded by its own amplify/seed/seed.ts. No console code names its
// models: the side navigation, the Data model page and the model routes come from discovery.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { screenshot } from './support/browser.ts';
import { consoleSuite, signedIn } from './support/console-app.ts';
import {
  STOREFRONT_PEOPLE,
  plantFile,
  plantRecord,
  startStorefront,
  storedRecords,
} from './support/example-backend.ts';

const { manager: MANAGER, staff: STAFF, auditor: AUDITOR, alex: ALEX } = STOREFRONT_PEOPLE;

const suite = consoleSuite({ start: () => startStorefront() });

/** Runs `look` signed in as `account` in light and dark, at 1280 and 375 px, each in a context of its own. */
async function inEveryLook(
  account: { email: string; password: string },
  look: (page: Page, as: { colorScheme: 'light' | 'dark'; width: number }) => Promise<void>,
): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 375]) {
      const viewport = { width, height: width < 600 ? 740 : 900 };
      const { context, page } = await signedIn(suite.browser, suite.app.url, account, viewport, {
        colorScheme,
        reducedMotion: 'reduce',
      });
      try {
        await look(page, { colorScheme, width });
      } finally {
        await context.close();
      }
    }
  }
}

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
  await inEveryLook(MANAGER, async (page, { colorScheme, width }) => {
    await page.goto(`${suite.app.url}/discovery`);
    // Named as the navigation names it.
    await page.getByRole('heading', { name: 'Data model', level: 1 }).waitFor();
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
  });
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

test("the orphan report on the example lists exactly what was planted under the example's own prefixes", async () => {
  // A photo a product no longer lists, a manual and a gallery shot of no record, and a file in an
  // employee's own folder; a product whose manual was never uploaded and a gallery missing a shot.
  const product = storedRecords(suite.backend, 'Product').find((p) => (p['imageKeys'] as string[] | null)?.length)!;
  const employee = storedRecords(suite.backend, 'Employee')[0]!;
  const ownFolder = (employee['avatarPath'] as string).replace(/[^/]+$/, '');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==',
    'base64',
  );
  const orphans = [
    plantFile(suite.backend, `products/${product['id'] as string}/left-behind.png`, png, 'image/png'),
    plantFile(
      suite.backend,
      `manuals/${randomUUID()}/old-manual.pdf`,
      Buffer.from('%PDF-1.4\n%%EOF\n'),
      'application/pdf',
    ),
    plantFile(suite.backend, `galleries/${randomUUID()}/unused.png`, png, 'image/png'),
    plantFile(suite.backend, `${ownFolder}old-avatar.png`, png, 'image/png'),
  ].sort();
  const missingManual = `manuals/${randomUUID()}/missing.pdf`;
  const missingShot = `galleries/${randomUUID()}/gone.png`;
  plantRecord(suite.backend, 'Product', { name: 'Lost manual', sku: 'LM-1', price: 1, manualPath: missingManual });
  plantRecord(suite.backend, 'Gallery', { title: 'Mixed', publishedOn: '2026-05-01', photoPaths: [missingShot] });

  await inEveryLook(MANAGER, async (page, { colorScheme, width }) => {
    await page.goto(`${suite.app.url}/orphans`);
    await page.getByRole('heading', { name: 'Orphan report', level: 1 }).waitFor();
    await page.getByRole('button', { name: /Run scan|Scan again/ }).click();
    const orphanTab = page.getByRole('tab', { name: /^Orphan files/ });
    await orphanTab.waitFor({ timeout: 30_000 });
    assert.match(await orphanTab.innerText(), /\(4\)/);
    assert.match(await page.getByRole('tab', { name: /^Dangling references/ }).innerText(), /\(2\)/);
    if (width === 1280) {
      const keys = await page.locator('table[aria-label="Orphan files"] td.mat-column-path').allInnerTexts();
      assert.deepEqual(keys.map((k) => k.trim()).sort(), orphans);
    }
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `axe on the report (${colorScheme}, ${width} px):\n${violations.join('\n')}`);
    await screenshot(page, `any-app-orphans-${colorScheme}-${width}`);
    if (width === 1280 && colorScheme === 'light') {
      await page.getByRole('tab', { name: /^Dangling references/ }).click();
      const table = page.locator('table[aria-label="Dangling references"]');
      await table.waitFor();
      const missing = await table.locator('td.mat-column-path').allInnerTexts();
      assert.deepEqual(missing.map((k) => k.trim()).sort(), [missingShot, missingManual].sort());
      const fields = await table.locator('td.mat-column-field').allInnerTexts();
      assert.deepEqual(fields.map((f) => f.trim()).sort(), ['manualPath', 'photoPaths']);
      await screenshot(page, `any-app-dangling-${colorScheme}-${width}`);
    }
  });
});

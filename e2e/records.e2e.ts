// The generic model screens (src/app/records) on examples/storefront, an app no console code
// names: create a Product, attach its PDF manual and images, replace, reorder, detach, bulk
// delete; each group sees what its rules allow; a write outside the rules is refused by the
// backend itself. Screenshots of the list and a record, light and dark, 1280 and 375 px, axe-clean.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { screenshot } from './support/browser.ts';
import { consoleSuite, signedIn } from './support/console-app.ts';
import { STOREFRONT_PEOPLE, startStorefront } from './support/example-backend.ts';

const { manager: MANAGER, auditor: AUDITOR } = STOREFRONT_PEOPLE;

const suite = consoleSuite({ start: () => startStorefront() });

/** A one-page PDF that says `title` (with the cross-reference table a viewer needs). */
function pdfBytes(title: string): Buffer {
  const text = `BT /F1 24 Tf 72 720 Td (${title}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const panel = (page: Page, label: string): Locator =>
  page.locator('app-file-field-panel').filter({ has: page.getByRole('heading', { name: label }) });

async function fileNames(page: Page, label: string): Promise<string[]> {
  return (await panel(page, label).locator('[data-testid=stored-file] .name').allInnerTexts()).map((t) => t.trim());
}

async function expectNames(page: Page, label: string, expected: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let names = await fileNames(page, label);
  while (JSON.stringify(names) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(200);
    names = await fileNames(page, label);
  }
  assert.deepEqual(names, expected, `${label} of the record`);
}

test('a Managers member creates a product, attaches a PDF and images, replaces, reorders, detaches and bulk deletes', async () => {
  const { context, page, errors } = await signedIn(suite.browser, suite.app.url, MANAGER);
  try {
    await page.goto(`${suite.app.url}/records/Product`);
    await page.getByRole('table', { name: 'Products' }).waitFor({ timeout: 30_000 });
    assert.match(await page.getByRole('table', { name: 'Products' }).innerText(), /Trail backpack 30 L/);

    await page.getByRole('button', { name: 'New product' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Create Product' }).click();
    await dialog.getByText('Name is required.').waitFor();
    await dialog.getByLabel('Name').fill('E2E lantern');
    await dialog.getByLabel('Sku').fill('LN-E2E');
    await dialog.getByLabel('Price').fill('19.5');
    await dialog.getByRole('button', { name: 'Create Product' }).click();
    await page.waitForURL(/\/records\/Product\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'E2E lantern', level: 1 }).waitFor();

    await panel(page, 'Manual path')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'lantern-manual.pdf',
        mimeType: 'application/pdf',
        buffer: pdfBytes('manual'),
      });
    await expectNames(page, 'Manual path', ['lantern-manual.pdf']);
    await panel(page, 'Manual path').getByTestId('pdf-preview').waitFor();

    await panel(page, 'Image keys')
      .locator('input[type=file]')
      .setInputFiles([
        { name: 'front.png', mimeType: 'image/png', buffer: PNG_1PX },
        { name: 'back.png', mimeType: 'image/png', buffer: PNG_1PX },
      ]);
    await expectNames(page, 'Image keys', ['front.png', 'back.png']);

    // Replace the manual: the new PDF in, and a PNG refused with the field's reason.
    await panel(page, 'Manual path')
      .locator('input[type=file]')
      .setInputFiles({
        name: 'lantern-manual-v2.pdf',
        mimeType: 'application/pdf',
        buffer: pdfBytes('manual v2'),
      });
    await expectNames(page, 'Manual path', ['lantern-manual-v2.pdf']);

    await page.getByRole('button', { name: 'Move back.png up' }).click();
    await expectNames(page, 'Image keys', ['back.png', 'front.png']);

    await page.getByRole('button', { name: 'Remove front.png' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Detach and delete' }).click();
    await expectNames(page, 'Image keys', ['back.png']);

    // A file dropped on a panel goes the picker's way: added to the list.
    const dropped = await page.evaluateHandle((png) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], 'side.png', { type: 'image/png' }));
      return transfer;
    }, PNG_1PX.toString('base64'));
    const images = panel(page, 'Image keys');
    await images.dispatchEvent('dragover', { dataTransfer: dropped });
    await page.locator('app-file-field-panel.over').waitFor();
    await screenshot(page, 'records-detail-drop-over-light-1280');
    await images.dispatchEvent('drop', { dataTransfer: dropped });
    await expectNames(page, 'Image keys', ['back.png', 'side.png']);

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await screenshot(page, `records-detail-${scheme}-1280`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    const detailViolations = await axeViolations(page);
    assert.deepEqual(detailViolations, [], `axe on a record's page:\n${detailViolations.join('\n')}`);

    await page.getByRole('link', { name: 'All Products' }).click();
    const table = page.getByRole('table', { name: 'Products' });
    await table.waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await screenshot(page, `records-list-${scheme}-1280`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    const listViolations = await axeViolations(page);
    assert.deepEqual(listViolations, [], `axe on the Products table:\n${listViolations.join('\n')}`);

    const row = table.getByRole('row').filter({ hasText: 'E2E lantern' });
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: /Delete \(1\)/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete the files too' }).click();
    // The job's own end, then the live table without the record.
    await page
      .getByText(/Delete 1 product and their files/)
      .first()
      .waitFor();
    const count = page.getByTestId('product-count');
    const deadline = Date.now() + 20_000;
    while ((await count.innerText()).trim() !== '5 products' && Date.now() < deadline) await page.waitForTimeout(200);
    assert.equal((await count.innerText()).trim(), '5 products', await page.locator('body').innerText());
    assert.deepEqual(
      errors.filter((e) => !e.includes('favicon')),
      [],
    );
  } finally {
    await context.close();
  }
});

test('an Auditors member only reads: no create, select or file change; a hand-sent create is refused', async () => {
  const { context, page } = await signedIn(suite.browser, suite.app.url, AUDITOR);
  try {
    await page.goto(`${suite.app.url}/records/Product`);
    const table = page.getByRole('table', { name: 'Products' });
    await table.waitFor({ timeout: 30_000 });
    await page.getByTestId('read-only').waitFor();
    assert.equal(await page.getByRole('button', { name: 'New product' }).count(), 0);
    assert.equal(await table.getByRole('checkbox').count(), 0);
    await table.getByRole('link', { name: 'Trail backpack 30 L' }).click();
    await page.getByRole('heading', { name: 'Trail backpack 30 L', level: 1 }).waitFor();
    const buttons = await page.locator('main#main button').allInnerTexts();
    assert.deepEqual(
      buttons.filter((b) => /Edit|Delete|Attach|Replace|Add files|Detach/.test(b)),
      [],
    );
    // The backend refuses on its own: the same mutation the console would send, with the Auditor's token.
    const refusal = await page.evaluate(async () => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('.accessToken'))!;
      const outputs = (await (await fetch('/amplify_outputs.json')).json()) as { data: { url: string } };
      const res = await fetch(outputs.data.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: localStorage.getItem(key)! },
        body: JSON.stringify({
          query: 'mutation { createProduct(input: { name: "Sneaky", sku: "X" }) { id } }',
        }),
      });
      return (await res.json()) as { data?: { createProduct: unknown }; errors?: { errorType?: string }[] };
    });
    assert.equal(refusal.data?.createProduct ?? null, null);
    assert.equal(refusal.errors?.[0]?.errorType, 'Unauthorized');
  } finally {
    await context.close();
  }
});

test('on a 375 px phone, light and dark, the table and a record fit and are clean for axe', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const { context, page } = await signedIn(
      suite.browser,
      suite.app.url,
      MANAGER,
      { width: 375, height: 740 },
      {
        colorScheme,
        reducedMotion: 'reduce',
      },
    );
    try {
      await page.goto(`${suite.app.url}/records/Product`);
      const table = page.getByRole('table', { name: 'Products' });
      await table.waitFor({ timeout: 30_000 });
      await screenshot(page, `records-list-${colorScheme}-375`);
      const listViolations = await axeViolations(page);
      assert.deepEqual(listViolations, [], `axe on the Products table at 375 px:\n${listViolations.join('\n')}`);
      await table.getByRole('link', { name: 'Trail backpack 30 L' }).click();
      await page.getByRole('heading', { name: 'Trail backpack 30 L', level: 1 }).waitFor();
      await page.locator('[data-testid=stored-file]').first().waitFor();
      await screenshot(page, `records-detail-${colorScheme}-375`);
      const detailViolations = await axeViolations(page);
      assert.deepEqual(detailViolations, [], `axe on a record at 375 px:\n${detailViolations.join('\n')}`);
    } finally {
      await context.close();
    }
  }
});

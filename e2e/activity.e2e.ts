import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { demoPng } from '../local-backend/storage/png.ts';
import { ADMIN, consoleSuite, deleteSongWithCover, signedIn, snackbar } from './support/console-app.ts';
import { screenshotsLightAndDark } from './support/screenshots.ts';

/*
 * The audit trail in Chromium against the local backend: an admin deletes a song with its cover
 * and invites someone; the Activity page shows both events, by the admin, filtered by action and
 * person, and exports them as CSV.
 */
const suite = consoleSuite({ view: true });
const INVITEE = 'audit.invitee@example.com';

async function rowTexts(page: Page): Promise<string[]> {
  return page.locator('table[aria-label=Activity] tr.mat-mdc-row').allInnerTexts();
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('an admin’s delete and invitation show on the Activity page, filtered, and in its CSV', async () => {
  const title = `E2E audit ${Date.now()}`;
  const song = await suite.view.songWithCover(title, demoPng(200, 96, 96));
  const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await deleteSongWithCover(page, title);

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Invite' }).click();
    const invite = page.getByRole('dialog');
    await invite.getByLabel('Email').fill(INVITEE);
    await invite.getByRole('combobox').click();
    await page.getByRole('option', { name: 'Viewer' }).click();
    await invite.getByRole('button', { name: 'Invite' }).click();
    await snackbar(page, `${INVITEE} invited as Viewer`);

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    const deleted = page.getByRole('row').filter({ hasText: `Song ${song.id}` });
    const invited = page.getByRole('row').filter({ hasText: 'Invite user' });
    await deleted.waitFor({ timeout: 20_000 });
    await invited.waitFor();
    assert.match(await deleted.innerText(), new RegExp(`${ADMIN.email}\\s+Delete\\s+Song ${song.id}\\s+images/`));
    assert.match(await invited.innerText(), new RegExp(`${ADMIN.email}\\s+Invite user`));
    const rows = await rowTexts(page);
    assert.ok(rows.indexOf(await invited.innerText()) < rows.indexOf(await deleted.innerText()), 'newest first');

    await screenshotsLightAndDark(page, 'activity-page', () => invited.waitFor({ timeout: 20_000 }));

    await choose(page, 'Action', 'Delete');
    await invited.waitFor({ state: 'detached' });
    assert.ok(
      (await rowTexts(page)).every((r) => /\tDelete\t/.test(r)),
      'only deletes',
    );
    await deleted.waitFor();

    await page.reload(); // every filter back to all
    await invited.waitFor({ timeout: 20_000 });
    await choose(page, 'Person', ADMIN.email);
    await invited.waitFor();
    await deleted.waitFor();
    assert.ok(
      (await rowTexts(page)).every((r) => r.includes(ADMIN.email)),
      'only the admin’s events',
    );

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^activity-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await file.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'at,person,actor,action,model,record,field,paths,before,after,job,result');
    assert.ok(lines.some((l) => l.includes(`${ADMIN.email},`) && l.includes(`,Delete,Song,${song.id},coverArtPath,`)));
    assert.ok(lines.some((l) => l.includes(`${ADMIN.email},`) && l.includes(',Invite user,') && l.includes(INVITEE)));
  } finally {
    await context.close();
  }
});

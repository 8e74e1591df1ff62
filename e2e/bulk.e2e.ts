// Bulk jobs in Chromium on the real app and the local backend: an admin selects 20 songs (a row,
// then a shift-click), deletes them with their covers and watches the job panel finish; then, with
// the backend failing requests on purpose, the failed items are listed and retried until done; an
// admin undoes a bulk delete from its job panel and the table is whole again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { demoPng } from '../local-backend/storage/png.ts';
import { startTestBackend } from '../local-backend/testing/test-backend.ts';
import { axeViolations } from './support/axe.ts';
import type { StoredSong } from './support/backend-view.ts';
import { screenshot } from './support/browser.ts';
import { ADMIN, OPERATOR, openSongs, signedIn, consoleSuite } from './support/console-app.ts';
import { screenshotsInPlace } from './support/screenshots.ts';

const suite = consoleSuite({ view: true });

/**
 * The same backend (same data, same port: the only one the Storage client reaches) restarted
 * with another fail rate; the running one's cannot be changed.
 */
async function restartWith(failRate: number): Promise<void> {
  const { dataDir } = suite.backend;
  await suite.backend.stop({ keepData: true });
  suite.backend = await startTestBackend({ port: 20005, dataDir, failRate });
}

/** `count` songs with covers named `<prefix> 01`, `<prefix> 02`, …, made beside the browser. */
async function songsWithCovers(prefix: string, count: number): Promise<StoredSong[]> {
  const songs: StoredSong[] = [];
  for (let i = 1; i <= count; i++) {
    songs.push(await suite.view.songWithCover(`${prefix} ${String(i).padStart(2, '0')}`, demoPng(i * 17, 48, 48, i)));
  }
  return songs;
}

async function searchFor(page: Page, text: string, rows: number): Promise<void> {
  await page.getByLabel('Search titles and file names').fill(text);
  const count = page.getByTestId('song-count');
  const deadline = Date.now() + 20_000;
  for (let shown = ''; !new RegExp(`^${rows} of`).test(shown); shown = (await count.innerText()).trim()) {
    if (Date.now() > deadline) throw new Error(`The search shows “${shown}”, not ${rows} songs`);
    await page.waitForTimeout(100);
  }
}

/** Every song and every cover of `songs` is gone from the backend. */
async function allGone(songs: StoredSong[]): Promise<void> {
  for (const song of songs) {
    assert.equal(await suite.view.songNamed(song.name), null, `${song.name} is deleted`);
    assert.deepEqual(await suite.view.objectsOf(song.id), [], `the cover of ${song.name} is deleted`);
  }
}

test('ADMINS select 20 songs, delete them with their covers and watch the job panel finish', async () => {
  const prefix = `Bulk ${Date.now()}`;
  const songs = await songsWithCovers(prefix, 20);
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await openSongs(page);
    await searchFor(page, prefix, 20);

    // One row, then a shift-click on the last: the range between them.
    await page.getByRole('checkbox', { name: `Select ${prefix} 01` }).check();
    await page.getByRole('checkbox', { name: `Select ${prefix} 20` }).click({ modifiers: ['Shift'] });
    await page.getByTestId('selected-count').filter({ hasText: '20 selected' }).waitFor();
    for (const n of ['01', '10', '20']) {
      assert.ok(await page.getByRole('checkbox', { name: `Select ${prefix} ${n}` }).isChecked());
    }
    assert.deepEqual(await axeViolations(page), [], 'accessibility of the table with a selection');
    await screenshotsInPlace(page, 'bulk-selection');

    await page.getByRole('button', { name: 'Delete (20)' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Delete 20 songs?' }).waitFor();
    const losses = await dialog.getByTestId('bulk-losses').innerText();
    assert.match(
      losses,
      new RegExp(`20 songs: ${prefix} 01, ${prefix} 02, ${prefix} 03, ${prefix} 04, ${prefix} 05 and 15 more`),
    );
    assert.match(losses, /20 cover files, deleted from storage/);
    assert.deepEqual(await axeViolations(page), [], 'accessibility of the confirmation');
    await screenshot(page, 'bulk-confirm-1280-light');
    await dialog.getByRole('button', { name: 'Delete 20 songs' }).click();

    const panel = page.getByTestId('job-panel').filter({ hasText: 'Delete 20 songs and their covers' });
    await panel
      .getByTestId('job-counts')
      .filter({ hasText: /^20 of 20 done$/ })
      .waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Export results' }).waitFor();
    await screenshotsInPlace(page, 'bulk-panel-done', { focus: panel });
    await allGone(songs);

    // The job belongs to the app: it is still listed on another page, until dismissed.
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await panel.waitFor();
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export results' }).click();
    const csv = await (await download).createReadStream();
    let text = '';
    for await (const chunk of csv) text += String(chunk);
    assert.match(text, /^item,result,reason/);
    assert.equal(text.trim().split('\n').length, 21);
    await panel.getByRole('button', { name: 'Dismiss' }).click();
    await panel.waitFor({ state: 'detached' });
    // The seeded songs' dangling covers answer 404 to their HEAD requests; nothing else may fail.
    assert.deepEqual(
      errors.filter((e) => !e.includes('404')),
      [],
    );
  } finally {
    await context.close();
  }
});

test('ADMINS undo a bulk delete from its job panel: the songs and their covers are back in the table', async () => {
  const prefix = `Undo ${Date.now()}`;
  const songs = await songsWithCovers(prefix, 5);
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await openSongs(page);
    await searchFor(page, prefix, 5);
    await page.getByRole('checkbox', { name: `Select ${prefix} 01` }).check();
    await page.getByRole('checkbox', { name: `Select ${prefix} 05` }).click({ modifiers: ['Shift'] });
    await page.getByTestId('selected-count').filter({ hasText: '5 selected' }).waitFor();
    await page.getByRole('button', { name: 'Delete (5)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete 5 songs' }).click();

    const panel = page.getByTestId('job-panel').filter({ hasText: 'Delete 5 songs and their covers' });
    await panel
      .getByTestId('job-counts')
      .filter({ hasText: /^5 of 5 done$/ })
      .waitFor({ timeout: 30_000 });
    await allGone(songs);
    const undo = panel.getByRole('button', { name: 'Undo' });
    await undo.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'accessibility of the panel offering Undo');
    await screenshotsInPlace(page, 'bulk-undo-offered', { focus: panel });

    await undo.click();
    await undo.waitFor({ state: 'detached' });
    const undone = page.getByTestId('job-panel').filter({ hasText: 'Undo: Delete 5 songs and their covers' });
    await undone
      .getByTestId('job-counts')
      .filter({ hasText: /^5 of 5 done$/ })
      .waitFor({ timeout: 30_000 });
    // The table is whole again (the live list, under the same search): the same songs, with their covers.
    for (const song of songs) {
      await page.getByRole('checkbox', { name: `Select ${song.name}` }).waitFor({ timeout: 20_000 });
    }
    for (const song of songs) {
      assert.deepEqual(await suite.view.songNamed(song.name), song, `${song.name} is back as it was`);
      assert.deepEqual(await suite.view.objectsOf(song.id), [song.coverArtPath], `the cover of ${song.name} is back`);
    }
    await page
      .getByRole('img', { name: new RegExp(`${prefix} 01`) })
      .first()
      .waitFor();
    assert.deepEqual(await axeViolations(page), [], 'accessibility after the undo');
    await screenshotsInPlace(page, 'bulk-undone', { focus: undone });
    assert.deepEqual(
      errors.filter((e) => !e.includes('404')),
      [],
    );
  } finally {
    await context.close();
  }
});

test('OPERATORS may detach in bulk but not delete: the button says why', async () => {
  const prefix = `Bulk op ${Date.now()}`;
  await songsWithCovers(prefix, 2);
  const { page, context } = await signedIn(suite.browser, suite.app.url, OPERATOR);
  try {
    await openSongs(page);
    await searchFor(page, prefix, 2);
    await page.getByRole('checkbox', { name: 'Select the songs on this page' }).check();
    await page.getByTestId('selected-count').filter({ hasText: '2 selected' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Delete (admins only)' }).isDisabled());
    assert.ok(await page.getByRole('button', { name: 'Detach covers (2)' }).isEnabled());
  } finally {
    await context.close();
  }
});

test('ADMINS select the albums on a page; the confirmation names them and their image files', async () => {
  const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await page.getByRole('link', { name: 'Albums' }).click();
    await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
    await page.locator('table[aria-label=Albums] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
    const rows = await page.locator('table[aria-label=Albums] tr.mat-mdc-row').count();
    await page.getByRole('checkbox', { name: 'Select the albums on this page' }).check();
    await page
      .getByTestId('selected-count')
      .filter({ hasText: `${rows} selected` })
      .waitFor();
    assert.deepEqual(await axeViolations(page), [], 'accessibility of the albums with a selection');
    await screenshotsInPlace(page, 'bulk-albums-selection');
    await page.getByRole('button', { name: `Delete (${rows})` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Delete ${rows} albums?` }).waitFor();
    assert.match(await dialog.getByTestId('bulk-losses').innerText(), /image files?, deleted from storage/);
    await screenshot(page, 'bulk-albums-confirm-1280-light');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
  } finally {
    await context.close();
  }
});

test('with the backend failing requests on purpose, the failed items are listed and retried until all are done', async (t) => {
  const prefix = `Flaky ${Date.now()}`;
  const songs = await songsWithCovers(prefix, 20);
  const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await openSongs(page);
    await searchFor(page, prefix, 20);
    await page.getByRole('checkbox', { name: 'Select the songs on this page' }).check();
    await page.getByTestId('selected-count').filter({ hasText: '20 selected' }).waitFor();

    // Half the requests fail from here on: more than the clients' own retries absorb.
    await restartWith(0.5);
    await page.getByRole('button', { name: 'Delete (20)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete 20 songs' }).click();
    const panel = page.getByTestId('job-panel').filter({ hasText: 'Delete 20 songs and their covers' });
    const retry = panel.getByRole('button', { name: /^Retry failed \(\d+\)$/ });
    await retry.waitFor({ timeout: 60_000 });
    const failures = panel.getByRole('list', { name: 'Items not done' }).getByRole('listitem');
    assert.ok((await failures.count()) > 0);
    assert.match(await failures.first().innerText(), new RegExp(`${prefix} \\d\\d\\s+Failed: .+`));
    assert.deepEqual(await axeViolations(page), [], 'accessibility of the panel with failures');
    await screenshotsInPlace(page, 'bulk-panel-failed', { focus: panel });

    // Retry the failures while the backend still fails half the requests, until none is left.
    // Each round waits on the panel's own state: first that it took the retry up (the clicked
    // button is gone: right after the click the page may not have drawn the new round yet), then
    // that the round is through (Retry is offered again, or all are done). An item fails a round
    // about one time in three, so 30 rounds leave nothing to chance; each is bounded.
    const counts = panel.getByTestId('job-counts');
    const allDone = counts.filter({ hasText: /^20 of 20 done$/ });
    const maxRounds = 30;
    let round = 0;
    for (; !(await allDone.isVisible()); round++) {
      assert.ok(round < maxRounds, `still “${await counts.innerText()}” after ${maxRounds} rounds of retries`);
      const clicked = (await retry.elementHandle())!;
      await clicked.click();
      await page.waitForFunction((button) => !button.isConnected, clicked, { timeout: 60_000 });
      await retry.or(allDone).waitFor({ timeout: 60_000 });
    }
    t.diagnostic(`all 20 done after ${round} ${round === 1 ? 'retry' : 'retries'}`);
  } finally {
    await context.close();
  }
  await restartWith(0);
  await allGone(songs);
});

// Leaving while work runs, in Chromium on the real app and a slow local backend: while a bulk
// delete runs, a reload asks first (the browser's beforeunload prompt), and signing out asks in a
// dialog that names the job; waiting lets it finish, and then signing out asks nothing. Signing
// out anyway cancels the job and signs out, leaving every song whole or gone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dialog, Locator, Page } from 'playwright-core';
import { demoPng } from '../local-backend/storage/png.ts';
import { startTestBackend } from '../local-backend/testing/test-backend.ts';
import { axeViolations } from './support/axe.ts';
import { ADMIN, consoleSuite, fillSignIn, openSongs, signedIn } from './support/console-app.ts';
import { screenshotsInPlace } from './support/screenshots.ts';

const suite = consoleSuite({ view: true });
const SONGS = 80;

/** The same backend and data, restarted with every request this much slower. */
async function restartWithLatency(latencyMs: number): Promise<void> {
  const { dataDir } = suite.backend;
  await suite.backend.stop({ keepData: true });
  suite.backend = await startTestBackend({ port: 20005, dataDir, latencyMs });
}

/** `SONGS` songs with covers, an admin with all of them selected, then a slow backend and their bulk delete started. */
async function slowDeleteRunning(prefix: string) {
  const names = Array.from({ length: SONGS }, (_, i) => `${prefix} ${String(i + 1).padStart(2, '0')}`);
  for (const [i, name] of names.entries()) await suite.view.songWithCover(name, demoPng(i * 7, 32, 32, i));
  const signed = await signedIn(suite.browser, suite.app.url, ADMIN);
  const { page } = signed;
  await openSongs(page);
  await page.getByLabel('Search titles and file names').fill(prefix);
  await page
    .getByTestId('song-count')
    .filter({ hasText: new RegExp(`^\\s*${SONGS}\\s+of`) })
    .waitFor({ timeout: 20_000 });
  await page.getByRole('checkbox', { name: 'Select the songs on this page' }).check();
  await page.getByRole('button', { name: `Select all ${SONGS} matching` }).click();
  await page
    .getByTestId('selected-count')
    .filter({ hasText: `${SONGS} selected` })
    .waitFor();

  // Every request takes 300 ms from here on: through the browser's six connections to the
  // backend, the job runs for several seconds.
  await restartWithLatency(300);
  await page.getByRole('button', { name: `Delete (${SONGS})` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Delete ${SONGS} songs` })
    .click();
  const panel = page.getByTestId('job-panel').filter({ hasText: `Delete ${SONGS} songs and their covers` });
  await panel.getByRole('button', { name: 'Cancel' }).waitFor();
  return { ...signed, names, panel, counts: panel.getByTestId('job-counts') };
}

async function signOutFromMenu(page: Page): Promise<Locator> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  return page.getByRole('dialog');
}

test('while a bulk job runs, a reload asks first and signing out names the job; waiting lets it finish', async (t) => {
  const { page, context, names, panel, counts } = await slowDeleteRunning(`Leaving ${Date.now()}`);
  try {
    // A reload asks first; staying keeps the page and the job.
    const prompt = new Promise<Dialog>((resolve) => page.once('dialog', resolve));
    const reload = page.reload({ timeout: 5_000 }).then(
      () => 'reloaded',
      () => 'stayed',
    );
    const dialog = await prompt;
    assert.equal(dialog.type(), 'beforeunload');
    await dialog.dismiss();
    await panel.getByRole('button', { name: 'Cancel' }).waitFor();

    // Signing out asks, naming the job and how far it is.
    const ask = await signOutFromMenu(page);
    await ask.getByRole('heading', { name: 'Sign out while work runs?' }).waitFor();
    const said = await ask.getByTestId('running-work').innerText();
    assert.match(said, new RegExp(`^Still running: 1 bulk job \\(\\d+ of ${SONGS} done\\)\\.$`));
    t.diagnostic(said);
    assert.deepEqual(await axeViolations(page), [], 'accessibility of the sign-out question');
    // The restart dropped the realtime connection: the banner about it goes once the console has
    // checked again (pictures without it when it does; it is not what this test is about).
    await page
      .locator('header [role=alert]')
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    await screenshotsInPlace(page, 'sign-out-while-running');

    // Waiting keeps the session; the job finishes.
    await ask.getByRole('button', { name: 'Wait' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(await reload, 'stayed');
    await counts.filter({ hasText: new RegExp(`^${SONGS} of ${SONGS} done$`) }).waitFor({ timeout: 120_000 });
    for (const name of names.filter((_, i) => i % 13 === 0)) assert.equal(await suite.view.songNamed(name), null);

    // Nothing runs now: signing out asks nothing.
    await signOutFromMenu(page);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
  } finally {
    await context.close();
    await restartWithLatency(0);
  }
});

test('signing out anyway cancels the job (what was sent finishes) and signs out; the job says so afterwards', async (t) => {
  const { page, context, names, panel } = await slowDeleteRunning(`Anyway ${Date.now()}`);
  try {
    const ask = await signOutFromMenu(page);
    await ask.getByRole('button', { name: 'Sign out anyway' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 60_000 });
    await restartWithLatency(0);

    // What the backend holds: every song either gone with its cover, or still there with it.
    let kept = 0;
    for (const name of names) {
      const song = await suite.view.songNamed(name);
      if (!song) continue;
      kept++;
      assert.equal((await suite.view.objectsOf(song.id)).length, 1, `${name} keeps its cover`);
    }
    assert.ok(kept > 0, 'the items not started were not deleted');
    t.diagnostic(`${SONGS - kept} of ${SONGS} deleted before the sign-out, ${kept} kept`);

    // Signed in again in the same tab, the job is listed as canceled, with what it did.
    await fillSignIn(page, ADMIN.email, ADMIN.password);
    await page.getByTestId('user-role').waitFor({ timeout: 20_000 });
    const headline = await panel.getByTestId('job-counts').innerText();
    assert.equal(headline, `${SONGS - kept} of ${SONGS} done · ${kept} skipped · canceled`);
  } finally {
    await context.close();
    await restartWithLatency(0);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fetchAuthSession } from 'aws-amplify/auth';
import { demoPng } from '../local-backend/storage/png.ts';
import { axeViolations } from './support/axe.ts';
import { screenshot } from './support/browser.ts';
import { ADMIN, OPERATOR, consoleSuite, deleteSongWithCover, signedIn } from './support/console-app.ts';
import { screenshotsLightAndDark } from './support/screenshots.ts';

/*
 * Recently deleted in Chromium against the local backend: a song's cover deleted with the AWS SDK
 * (not the console) is listed as deleted "outside the console"; the admin restores it and the song
 * shows its cover again. An operator has no such page.
 */
const suite = consoleSuite({ view: true });

/** Deletes an object the way a script or the AWS CLI would: the SDK, signed with the admin's identity-pool credentials. */
async function deleteOutsideTheConsole(path: string): Promise<void> {
  const { credentials } = await fetchAuthSession();
  assert.ok(credentials, 'the test process is signed in as an admin');
  const s3 = new S3Client({
    endpoint: 'http://localhost:20005',
    forcePathStyle: true,
    region: 'us-east-1',
    credentials,
  });
  await s3.send(new DeleteObjectCommand({ Bucket: 'attachment-console-local', Key: path }));
  s3.destroy();
}

test('a file deleted outside the console is listed as such, and restoring it brings the song’s cover back', async () => {
  const title = `E2E restore ${Date.now()}`;
  const song = await suite.view.songWithCover(title, demoPng(120, 96, 96));
  const path = song.coverArtPath!;
  await deleteOutsideTheConsole(path);
  assert.deepEqual(await suite.view.objectsOf(song.id), [], 'the cover is gone');

  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await page.goto(`${suite.app.url}/songs/${song.id}`);
    await page.getByText('Missing file').first().waitFor({ timeout: 20_000 });

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Recently deleted' }).click();
    await page.getByRole('heading', { name: 'Recently deleted', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ hasText: path });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /outside the console/);
    assert.match(await row.innerText(), new RegExp(`Song or PhotoAlbum ${song.id}`));
    await page.getByText(/Reading the bucket/).waitFor({ state: 'detached', timeout: 30_000 });
    assert.deepEqual(await axeViolations(page), [], 'axe-core on the page');

    await screenshotsLightAndDark(page, 'recently-deleted', () => row.waitFor({ timeout: 30_000 }));

    await row.getByRole('button', { name: `Restore ${path}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Restore this file?').waitFor();
    // The dialog fades in: shoot it once it is all there.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await screenshot(page, 'recently-deleted-dialog');
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await page
      .getByText(/still pointed at it/)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'recently-deleted-restored');

    assert.deepEqual(await suite.view.objectsOf(song.id), [path], 'the cover is back at its path');
    await page.goto(`${suite.app.url}/songs/${song.id}`);
    await page.getByRole('heading', { name: title }).first().waitFor({ timeout: 20_000 });
    await page.locator('img[src*="cover.png"]').first().waitFor({ timeout: 20_000 });
    assert.equal(await page.getByText('Missing file').count(), 0, 'the song shows its cover again');
    assert.deepEqual(
      errors.filter((e) => !/status of 404/.test(e)),
      [],
    );
  } finally {
    await context.close();
  }
});

test('a song the console deleted with its cover comes back with the same id, its fields and its cover', async () => {
  const title = `E2E recreate ${Date.now()}`;
  const song = await suite.view.songWithCover(title, demoPng(80, 96, 96));
  const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await deleteSongWithCover(page, title);
    assert.equal(await suite.view.songNamed(title), null);

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Recently deleted' }).click();
    const row = page.getByRole('row').filter({ hasText: song.coverArtPath! });
    await row.waitFor({ timeout: 30_000 });
    // People are named by email once the Users list is in.
    await row.filter({ hasText: `${ADMIN.email} (delete)` }).waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), new RegExp(`Song “${title}” \\(${song.id}\\)`));
    await row.getByRole('button', { name: `Restore ${song.coverArtPath}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restore', exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText(/Restored, and song “.*” recreated as it was/).waitFor({ timeout: 30_000 });

    // A list by name may lag a write for a moment; the record is there once it shows.
    let back = await suite.view.songNamed(title);
    for (let i = 0; !back && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 200));
      back = await suite.view.songNamed(title);
    }
    assert.deepEqual(back, song, 'same id, name and cover path');
    assert.deepEqual(await suite.view.objectsOf(song.id), [song.coverArtPath]);
  } finally {
    await context.close();
  }
});

test('an operator has no Recently deleted page', async () => {
  const { page, context } = await signedIn(suite.browser, suite.app.url, OPERATOR);
  try {
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await nav.getByRole('link', { name: 'Songs' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Recently deleted' }).count(), 0);
    await page.goto(`${suite.app.url}/recently-deleted`);
    await page.waitForURL(/\/not-allowed$/, { timeout: 15_000 });
  } finally {
    await context.close();
  }
});

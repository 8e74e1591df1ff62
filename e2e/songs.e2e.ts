import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { demoPng } from '../local-backend/storage/png.ts';
import { screenshot } from './support/browser.ts';
import {
  ADMIN,
  OPERATOR,
  VIEWER,
  findSong,
  openSongs,
  rowAction,
  signedIn,
  snackbar,
  until,
  consoleSuite,
} from './support/console-app.ts';

const suite = consoleSuite({ view: true });

const png = (hue: number, seed = 0) => ({
  name: 'cover.png',
  mimeType: 'image/png',
  buffer: demoPng(hue, 96, 96, seed),
});

async function thumbnailShown(row: Locator): Promise<void> {
  await until(
    row.locator('app-song-cover img'),
    (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 96,
    'the row shows the cover thumbnail from its signed URL',
  );
}

async function stored(title: string) {
  const song = await suite.view.songNamed(title);
  assert.ok(song, `the backend has the song ${title}`);
  return { song, objects: await suite.view.objectsOf(song.id) };
}

test('OPERATORS create a song, rename it, attach a cover, replace it with a file of the same name, detach keeping the file', async () => {
  const { page, context, errors } = await signedIn(suite.browser, suite.app.url, OPERATOR);
  const first = `E2E operator ${Date.now()}`;
  const title = `${first} (renamed)`;
  try {
    await openSongs(page);

    await page.getByRole('button', { name: 'New song' }).click();
    const create = page.getByRole('dialog');
    await create.getByLabel('Title').fill(first);
    await create.getByRole('button', { name: 'Create song' }).click();
    await snackbar(page, `Song “${first}” created`);
    await findSong(page, first);

    // Rename: an empty title is refused in the dialog's words and writes nothing; then the new title is stored.
    const rename = await rowAction(page, first, 'Rename');
    await rename.getByLabel('Title').fill('   ');
    await rename.getByRole('button', { name: 'Save' }).click();
    await rename.getByText('Give the song a title.').waitFor();
    assert.ok(await suite.view.songNamed(first), 'nothing written for a refused title');
    await rename.getByLabel('Title').fill(title);
    await rename.getByRole('button', { name: 'Save' }).click();
    await snackbar(page, `Song “${first}” renamed to “${title}”`);
    let row = await findSong(page, title);
    assert.match(await row.innerText(), /No cover/);
    assert.equal((await stored(title)).song.coverArtPath, null);

    // A file the engine refuses gets its reason and is never sent.
    let dialog = await rowAction(page, title, 'Attach cover');
    await dialog.locator('input[type=file]').setInputFiles({
      name: '../../etc/passwd.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not an image'),
    });
    await dialog.getByTestId('cover-reason').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Attach cover' }).isDisabled(), true);

    await dialog.locator('input[type=file]').setInputFiles(png(200));
    await dialog.getByAltText('Preview of the chosen image').waitFor();
    await dialog.getByRole('button', { name: 'Attach cover' }).click();
    await snackbar(page, `Cover attached to “${title}”`);
    row = await findSong(page, title);
    await thumbnailShown(row);
    const attached = await stored(title);
    assert.match(
      attached.song.coverArtPath ?? '',
      new RegExp(`^images/${attached.song.id}/[0-9a-f-]{36}-cover\\.png$`),
    );
    assert.deepEqual(attached.objects, [attached.song.coverArtPath]);
    assert.match(await row.innerText(), /cover\.png/);

    dialog = await rowAction(page, title, 'Replace cover');
    await dialog.locator('input[type=file]').setInputFiles(png(20, 3));
    await dialog.getByRole('button', { name: 'Replace cover' }).click();
    await snackbar(page, `Cover of “${title}” replaced`);
    const replaced = await stored(title);
    assert.notEqual(replaced.song.coverArtPath, attached.song.coverArtPath, 'a new key for the same file name');
    assert.match(replaced.song.coverArtPath ?? '', /-cover\.png$/);
    assert.deepEqual(replaced.objects, [replaced.song.coverArtPath], 'the new file kept, the old one deleted');
    await thumbnailShown(await findSong(page, title));

    dialog = await rowAction(page, title, 'Detach cover');
    assert.match(await dialog.innerText(), /The file stays in storage/);
    await dialog.getByRole('button', { name: 'Detach, keep the file' }).click();
    await snackbar(page, `Cover detached from “${title}”; the file is kept`);
    row = await findSong(page, title);
    await row.getByText('No cover').waitFor();
    const detached = await stored(title);
    assert.equal(detached.song.coverArtPath, null);
    assert.deepEqual(detached.objects, [replaced.song.coverArtPath], 'the file is still in storage');
    // The reachability probe's HEAD / and the HEAD of a missing cover answer 404; nothing else may fail.
    assert.deepEqual(
      errors.filter((e) => !e.includes('404')),
      [],
    );
  } finally {
    await context.close();
  }
});

test('ADMINS delete a song with its file; the dialog names what is lost', async () => {
  const title = `E2E admin ${Date.now()}`;
  const song = await suite.view.songWithCover(title, demoPng(90, 96, 96));
  const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await openSongs(page);
    await thumbnailShown(await findSong(page, title));
    const dialog = await rowAction(page, title, 'Delete song');
    // The file's size arrives with its lookup, after the dialog opens: wait for it, then read.
    const lossList = dialog.getByTestId('delete-losses');
    await lossList.filter({ hasText: /its cover file cover\.png \(\d/ }).waitFor({ timeout: 10_000 });
    const losses = await lossList.innerText();
    assert.match(losses, new RegExp(`the song ${title}`));
    assert.match(losses, /its cover file cover\.png \(\d/);
    await dialog.getByRole('button', { name: 'Delete song' }).click();
    await snackbar(page, `Song “${title}” and its cover deleted`);
    await page.getByText(`No song matches “${title}”`).waitFor();
    assert.equal(await suite.view.songNamed(title), null);
    assert.deepEqual(await suite.view.objectsOf(song.id), []);
  } finally {
    await context.close();
  }
});

async function editControls(page: Page): Promise<string[]> {
  const names = ['New song', 'Attach cover', 'Replace cover', 'Detach cover', 'Delete song'];
  const found: string[] = [];
  for (const name of names) if (await page.getByRole('button', { name }).count()) found.push(name);
  if (await page.getByRole('button', { name: /^Actions for / }).count()) found.push('row actions');
  return found;
}

test('VIEWERS see no edit control anywhere, and a write sent by hand is refused', async () => {
  const { page, context } = await signedIn(suite.browser, suite.app.url, VIEWER);
  try {
    await openSongs(page);
    await page.getByTestId('read-only').waitFor();
    assert.deepEqual(await editControls(page), []);

    await page.locator('table[aria-label=Songs] tr.mat-mdc-row a').first().click();
    await page.getByRole('button', { name: 'Download' }).or(page.getByText('This song has no cover.')).waitFor();
    assert.deepEqual(await editControls(page), []);

    await page.goto(`${suite.app.url}/songs/new`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();

    const url = (suite.backend.outputs as { data: { url: string } }).data.url;
    const answer = await page.evaluate(async (graphql) => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('.idToken'));
      const res = await fetch(graphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: localStorage.getItem(key ?? '') ?? '' },
        body: JSON.stringify({ query: 'mutation { createSong(input: { name: "Hand-sent by a viewer" }) { id } }' }),
      });
      return (await res.json()) as { data?: unknown; errors?: { errorType?: string }[] };
    }, url);
    assert.equal(answer.errors?.[0]?.errorType, 'Unauthorized', JSON.stringify(answer));
    assert.equal(await suite.view.songNamed('Hand-sent by a viewer'), null);
  } finally {
    await context.close();
  }
});

test('two browsers replace one cover at once: one wins, the other gets the conflict, nothing is left over', async () => {
  const title = `E2E race ${Date.now()}`;
  const song = await suite.view.songWithCover(title, demoPng(300, 96, 96));
  const a = await signedIn(suite.browser, suite.app.url, OPERATOR);
  const b = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    const dialogs: Locator[] = [];
    for (const [i, { page }] of [a, b].entries()) {
      await page.goto(`${suite.app.url}/songs/${song.id}`);
      await page.getByRole('button', { name: 'Replace cover' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[type=file]').setInputFiles(png(40 + 100 * i, i));
      dialogs.push(dialog);
    }
    await Promise.all(dialogs.map((d) => d.getByRole('button', { name: 'Replace cover' }).click()));

    const outcome = (page: Page, dialog: Locator) =>
      Promise.race([
        page
          .getByText(`Cover of “${title}” replaced`)
          .waitFor({ timeout: 30_000 })
          .then(() => 'won' as const),
        dialog
          .getByText('Changed by someone else', { exact: true })
          .waitFor({ timeout: 30_000 })
          .then(() => 'conflict' as const),
      ]);
    const results = await Promise.all([outcome(a.page, dialogs[0]!), outcome(b.page, dialogs[1]!)]);
    assert.deepEqual([...results].sort(), ['conflict', 'won'], `outcomes: ${results.join(', ')}`);

    const loser = results[0] === 'conflict' ? 0 : 1;
    await screenshot([a, b][loser]!.page, 'songs-conflict');
    const after = await stored(title);
    assert.notEqual(after.song.coverArtPath, song.coverArtPath);
    assert.deepEqual(after.objects, [after.song.coverArtPath], "the winner's file only: old deleted, loser's removed");

    await dialogs[loser]!.getByRole('button', { name: 'Reload song' }).click();
    await dialogs[loser]!.getByText('Reloaded: this is the song as it is now.').waitFor();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('the backend going away mid-upload: a clear message, and the song points at no missing file', async () => {
  const title = `E2E offline ${Date.now()}`;
  const song = await suite.view.songWithCover(title, demoPng(60, 96, 96));
  const { page, context } = await signedIn(suite.browser, suite.app.url, OPERATOR);
  try {
    await page.goto(`${suite.app.url}/songs/${song.id}`);
    await page.getByRole('button', { name: 'Replace cover' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(png(10, 5));
    // Storage stops answering uploads from now on, as if the backend went away mid-upload.
    await context.route(
      (url) => url.port === '20005' && url.pathname.startsWith('/attachment-console-local/images/'),
      (route) => (route.request().method() === 'PUT' ? route.abort('connectionrefused') : route.continue()),
    );
    await dialog.getByRole('button', { name: 'Replace cover' }).click();
    await dialog.getByText('The backend cannot be reached', { exact: true }).waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Replace cover' }).waitFor();
    const after = await stored(title);
    assert.equal(after.song.coverArtPath, song.coverArtPath, 'the song still points at its old cover');
    assert.deepEqual(after.objects, [song.coverArtPath], 'which is still there');
  } finally {
    await context.close();
  }
});

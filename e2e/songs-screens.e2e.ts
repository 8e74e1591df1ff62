import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { demoPng } from '../local-backend/storage/png.ts';
import { axeViolations } from './support/axe.ts';
import { SCREENSHOTS } from './support/browser.ts';
import { ADMIN, findSong, openSongs, rowAction, signedIn, consoleSuite } from './support/console-app.ts';

/**
 * The Songs screens in light and dark, at 1280 and 375 px: every page and dialog is captured
 * for a person to look at, checked by axe-core, and must not scroll sideways.
 */
const suite = consoleSuite({
  view: true,
  setUp: ({ view }) => view.songWithCover('Kind of Blue (screenshot)', demoPng(210, 480, 480, 2)),
});

const SONG = 'Kind of Blue (screenshot)';
const VARIANTS = [
  { theme: 'light', width: 1280, height: 800 },
  { theme: 'dark', width: 1280, height: 800 },
  { theme: 'light', width: 375, height: 812 },
  { theme: 'dark', width: 375, height: 812 },
] as const;

for (const variant of VARIANTS) {
  test(`Songs screens, ${variant.theme}, ${variant.width} px`, async () => {
    const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN, {
      width: variant.width,
      height: variant.height,
    });
    await page.emulateMedia({ colorScheme: variant.theme });
    const problems: string[] = [];
    const shoot = async (name: string, scope?: Locator) => {
      await page.waitForTimeout(300); // let ripples and dialog entrances settle
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = join(SCREENSHOTS, `songs-${name}-${variant.theme}-${variant.width}.png`);
      await page.screenshot({ path: file });
      for (const v of await axeViolations(page)) problems.push(`${name}: ${v}`);
      const wide = await (scope ?? page.locator('body')).evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      if (wide && !scope) problems.push(`${name}: the page scrolls sideways`);
    };
    try {
      if (variant.width < 600) {
        await page.goto(`${suite.app.url}/songs`);
        await page.locator('table[aria-label=Songs] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
      } else {
        await openSongs(page);
      }
      await waitForThumbnails(page);
      await shoot('table');

      await findSong(page, SONG);
      let dialog = await rowAction(page, SONG, 'Replace cover');
      await dialog.locator('input[type=file]').setInputFiles({
        name: 'new-cover.png',
        mimeType: 'image/png',
        buffer: demoPng(30, 240, 240, 1),
      });
      await dialog.getByAltText('Preview of the chosen image').waitFor();
      await shoot('replace-dialog', dialog);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });

      dialog = await rowAction(page, SONG, 'Detach cover');
      await shoot('detach-dialog', dialog);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });

      dialog = await rowAction(page, SONG, 'Rename');
      await dialog.getByLabel('Title').fill('');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByText('Give the song a title.').waitFor();
      await shoot('rename-dialog', dialog);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });

      dialog = await rowAction(page, SONG, 'Delete song');
      await dialog.getByText(/cover\.png \(/).waitFor();
      await shoot('delete-dialog', dialog);
      await dialog.getByRole('button', { name: 'Keep the song' }).click();
      await dialog.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'New song' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('Title').fill('Round Midnight');
      await dialog.locator('input[type=file]').setInputFiles({
        name: 'a-very-long-file-name-for-the-cover-of-round-midnight-🎵.png',
        mimeType: 'image/png',
        buffer: demoPng(120, 200, 200),
      });
      await dialog.getByAltText('Preview of the chosen image').waitFor();
      await shoot('create-dialog', dialog);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });

      await page.getByRole('link', { name: SONG, exact: true }).click();
      await page.getByRole('button', { name: 'Download' }).waitFor();
      await page.locator('app-song-cover img').waitFor();
      await shoot('detail');

      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

async function waitForThumbnails(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLImageElement>('app-song-cover img')].every((i) => i.complete) &&
        document.querySelectorAll('app-song-cover .loading').length === 0,
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
}

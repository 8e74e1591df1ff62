import assert from 'node:assert/strict';
import { generateClient } from 'aws-amplify/data';
import { uploadData } from 'aws-amplify/storage';
import type { Page } from 'playwright-core';
import type { Schema } from '../../amplify/data/resource.ts';
import { demoPng } from '../../local-backend/storage/png.ts';
import { until } from './console-app.ts';

/** A PNG for a file input, `hue` telling it apart. */
export const image = (name: string, hue: number) => ({ name, mimeType: 'image/png', buffer: demoPng(hue, 96, 96) });

/** A PNG big enough (700 × 600) that a throttled upload of it takes a while. */
export const bigImage = (name: string, hue: number) => ({
  name,
  mimeType: 'image/png',
  buffer: demoPng(hue, 700, 600),
});

/** The album as stored, read beside the browser with the real client. */
export async function storedAlbum(name: string): Promise<{ id: string; imagePaths: string[] } | null> {
  const client = generateClient<Schema>();
  const { data, errors } = await client.models.PhotoAlbum.list({ filter: { name: { eq: name } }, limit: 10_000 });
  if (errors?.length) throw new Error(JSON.stringify(errors));
  const album = data[0];
  return album ? { id: album.id, imagePaths: (album.imagePaths ?? []).filter((p): p is string => !!p) } : null;
}

/** An album with images, made the way the console makes one (uploads first, then the record). */
export async function albumWithImages(name: string, count: number): Promise<{ id: string; imagePaths: string[] }> {
  const id = crypto.randomUUID();
  const imagePaths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = `images/${id}/${crypto.randomUUID()}-pic-${i + 1}.png`;
    await uploadData({ path, data: demoPng(i * 50, 64, 64), options: { contentType: 'image/png' } }).result;
    imagePaths.push(path);
  }
  const { errors } = await generateClient<Schema>().models.PhotoAlbum.create({ id, name, imagePaths });
  if (errors?.length) throw new Error(JSON.stringify(errors));
  return { id, imagePaths };
}

/** The names under the gallery's tiles, in order. */
export const tileNames = (page: Page) => page.getByTestId('tile-name').allInnerTexts();

/** Opens the album from the Albums list, found by its name. */
export async function openAlbum(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Albums' }).click();
  await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
  await page.getByLabel('Search album and image names').fill(name);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** Waits until every tile's thumbnail has loaded, and checks there are `count`. */
export async function imagesLoaded(page: Page, count: number): Promise<void> {
  await until(
    page.locator('ol.grid'),
    (el) => {
      const imgs = [...el.querySelectorAll('app-album-thumb img')] as HTMLImageElement[];
      const tiles = el.querySelectorAll('[data-testid=tile]').length;
      return imgs.length === tiles && imgs.every((i) => i.complete && i.naturalWidth > 0);
    },
    'every thumbnail loads from its signed URL',
  );
  assert.equal(await page.getByTestId('tile').count(), count);
}

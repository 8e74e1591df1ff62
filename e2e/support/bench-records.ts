// What the table benchmarks share: records written straight into the running backend, each with
// its own image files (a real PNG body), as an operator's uploads would leave them.
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { ItemStore } from '../../local-backend/data/store.ts';
import { ObjectStore } from '../../local-backend/storage/object-store.ts';
import type { TestBackend } from '../../local-backend/testing/test-backend.ts';

/** Where the console would upload a record's file: `images/<id>/<uuid>-<name>`. */
const filePath = (id: string, name: string) => `images/${id}/${randomUUID()}-${name}`;

/**
 * Adds `count` songs, each with its own cover, and `albums` albums of `imagesPerAlbum` images each;
 * every file is a copy of an image the seed stored. Names sort in the order written.
 */
export async function plantRecords(
  backend: TestBackend,
  counts: { songs: number; albums?: number; imagesPerAlbum?: number },
): Promise<void> {
  const items = new ItemStore(backend.dataDir);
  const objects = new ObjectStore(backend.dataDir);
  try {
    const sample = objects.list('', '', 1_000).find((o) => o.contentType.startsWith('image/'));
    if (!sample) throw new Error('No image in storage to copy: start the backend with its demo seed.');
    const planted: Promise<unknown>[] = [];
    const plant = (path: string) => {
      const body = objects.newBody();
      copyFileSync(objects.path(sample), body.path);
      const { size, etag, contentType } = sample;
      planted.push(objects.commitSoon(path, body.file, { size, etag, contentType, metadata: {} }));
      return path;
    };
    const now = new Date().toISOString();
    const stamp = { createdAt: now, updatedAt: now };
    items.transaction(() => {
      for (let i = 0; i < counts.songs; i++) {
        const id = randomUUID();
        const name = `Bench song ${String(i).padStart(5, '0')}`;
        const coverArtPath = plant(filePath(id, 'cover.png'));
        items.insert('Song', id, { id, name, coverArtPath, __typename: 'Song', ...stamp });
      }
      for (let i = 0; i < (counts.albums ?? 0); i++) {
        const id = randomUUID();
        const name = `Bench album ${String(i).padStart(5, '0')}`;
        const imagePaths = Array.from({ length: counts.imagesPerAlbum ?? 0 }, (_, j) =>
          plant(filePath(id, `photo-${j + 1}.png`)),
        );
        items.insert('PhotoAlbum', id, { id, name, imagePaths, __typename: 'PhotoAlbum', ...stamp });
      }
    });
    await Promise.all(planted);
  } finally {
    items.close();
    objects.close();
  }
}

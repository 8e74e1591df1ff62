// What the orphan scan's and clean-up's integration tests and benchmarks share.
import { randomUUID } from 'node:crypto';
import { ItemStore } from '../local-backend/data/store.ts';
import { ObjectStore } from '../local-backend/storage/object-store.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { FILE_FIELDS, type FileField } from '../src/app/attachments/file-fields.ts';
import type { ScanPlan } from '../src/app/orphans/scan-plan.ts';
import type { RecordFiles, ScanSources } from '../src/app/orphans/scan-sources.ts';

/** The scan of this repository's backend as discovery plans it: song covers and album images under images/. */
export const IMAGES_PLAN: ScanPlan = {
  fields: FILE_FIELDS,
  prefixes: [
    {
      prefix: 'images/',
      pattern: 'images/*',
      ownerScoped: false,
      fields: FILE_FIELDS.map((f) => `${f.model}.${f.field}`),
    },
  ],
  unlisted: [],
  unread: [],
};

/**
 * Writes objects straight into the running backend's store, last modified `ageMs` ago (a HEAD
 * and a delete read only the metadata, so the bodies stay empty).
 */
export async function plantFiles(backend: TestBackend, paths: readonly string[], ageMs: number): Promise<void> {
  const objects = new ObjectStore(backend.dataDir);
  const lastModified = new Date(Date.now() - ageMs);
  await Promise.all(
    paths.map((path) =>
      objects.commitSoon(path, objects.newBody().file, {
        size: 512,
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        contentType: 'image/png',
        metadata: {},
        lastModified,
      }),
    ),
  );
  objects.close();
}

/**
 * Writes songs and albums straight into the running backend's table in one transaction: song `i`
 * points at `cover(i)`, album `i` at `images(i)`.
 */
export function insertRecords(
  backend: TestBackend,
  counts: { songs: number; albums: number },
  cover: (i: number) => string,
  images: (i: number) => string[],
): void {
  const iso = new Date().toISOString();
  const items = new ItemStore(backend.dataDir);
  const stamp = { createdAt: iso, updatedAt: iso };
  items.transaction(() => {
    for (let i = 0; i < counts.songs; i++) {
      const id = randomUUID();
      items.insert('Song', id, { id, name: `Song ${i}`, coverArtPath: cover(i), __typename: 'Song', ...stamp });
    }
    for (let i = 0; i < counts.albums; i++) {
      const id = randomUUID();
      items.insert('PhotoAlbum', id, {
        id,
        name: `Album ${i}`,
        imagePaths: images(i),
        __typename: 'PhotoAlbum',
        ...stamp,
      });
    }
  });
}

/** The sources, with every reference pass they make written down: the model and the paths asked. */
export function countingPasses(sources: ScanSources): {
  sources: ScanSources;
  passes: { model: string; paths: readonly string[] }[];
} {
  const passes: { model: string; paths: readonly string[] }[] = [];
  return {
    passes,
    sources: {
      ...sources,
      referencesTo: (field: FileField, paths: readonly string[]): Promise<RecordFiles[]> => {
        passes.push({ model: field.model, paths });
        return sources.referencesTo(field, paths);
      },
    },
  };
}

// Records and files written straight into the local backend's stores, for benches that need many
// of them fast (past the HTTP front and its added latency).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { ItemStore } from '../local-backend/data/store.ts';
import { ObjectStore } from '../local-backend/storage/object-store.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import type { Song } from '../src/app/songs/song.ts';

/** Writes a small image at each path straight into the backend's object store. */
export async function plantFiles(backend: TestBackend, paths: readonly string[]): Promise<void> {
  const objects = new ObjectStore(backend.dataDir);
  const commits = paths.map((path) => {
    const body = objects.newBody();
    writeFileSync(body.path, new Uint8Array(64));
    return objects.commitSoon(path, body.file, {
      size: 64,
      etag: 'd41d8cd98f00b204e9800998ecf8427e',
      contentType: 'image/png',
      metadata: {},
      lastModified: new Date(),
    });
  });
  await Promise.all(commits);
  objects.close();
}

/** Writes records straight into the backend's item store. */
export function plantRecords(backend: TestBackend, model: string, records: readonly { id: string }[]): void {
  const items = new ItemStore(backend.dataDir);
  items.transaction(() => {
    for (const record of records) items.insert(model, record.id, { ...record, __typename: model });
  });
  items.close();
}

/** `count` songs, each with a small cover. */
export async function plant(backend: TestBackend, prefix: string, count: number): Promise<Song[]> {
  const iso = new Date().toISOString();
  const songs: Song[] = Array.from({ length: count }, (_, i) => {
    const id = randomUUID();
    return {
      id,
      name: `${prefix} ${i}`,
      coverArtPath: `images/${id}/${randomUUID()}-cover.png`,
      createdAt: iso,
      updatedAt: iso,
    };
  });
  await plantFiles(
    backend,
    songs.map((s) => s.coverArtPath!),
  );
  plantRecords(backend, 'Song', songs);
  return songs;
}

/**
 * Deleting 1,000 songs with their covers against the local backend with 20 ms added to every
 * request (standing in for the cloud), with the real aws-amplify clients: one song after another,
 * each awaited (the usual loop), next to the bulk job runner; and the ratio (goal ≥ 10×).
 */
import '@angular/compiler';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import { lastValueFrom } from 'rxjs';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import type { Song } from '../src/app/songs/song.ts';
import { ItemStore } from '../amplify/local/data/store.ts';
import { ObjectStore } from '../amplify/local/storage/object-store.ts';
import type { TestBackend } from '../amplify/local/testing/test-backend.ts';
import { ADMIN, signInAs, startOnStoragePort } from './local-backend.ts';
import { BULK_CONCURRENCY, BackendState, bulkServices, through } from './bulk-support.ts';

const SONGS = 1_000;
const LATENCY_MS = 20;

/** Writes `count` songs, each with a small cover, straight into the backend's stores. */
async function plant(backend: TestBackend, prefix: string, count: number): Promise<Song[]> {
  const iso = new Date().toISOString();
  const objects = new ObjectStore(backend.dataDir);
  const songs: Song[] = [];
  const commits: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const path = `images/${id}/${randomUUID()}-cover.png`;
    const body = objects.newBody();
    writeFileSync(body.path, new Uint8Array(64));
    commits.push(
      objects.commitSoon(path, body.file, {
        size: 64,
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        contentType: 'image/png',
        metadata: {},
        lastModified: new Date(),
      }),
    );
    songs.push({ id, name: `${prefix} ${i}`, coverArtPath: path, createdAt: iso, updatedAt: iso });
  }
  await Promise.all(commits);
  objects.close();
  const items = new ItemStore(backend.dataDir);
  items.transaction(() => {
    for (const song of songs) items.insert('Song', song.id, { ...song, __typename: 'Song' });
  });
  items.close();
  return songs;
}

async function main(): Promise<void> {
  const backend = await startOnStoragePort({ seed: false, logLevel: 'error', latencyMs: LATENCY_MS }, { tries: 150 });
  try {
    await backend.identityService.seedDemoUsers();
    Amplify.configure(toResourcesConfig(backend.outputs));
    await signInAs(auth, ADMIN);
    const { songs, bulk } = bulkServices();
    const state = new BackendState(backend.dataDir);

    const one = await plant(backend, 'One by one', SONGS);
    let started = performance.now();
    for (const song of one) await lastValueFrom(songs.delete(song, 'delete-file'), { defaultValue: undefined });
    const serialS = (performance.now() - started) / 1000;

    const many = await plant(backend, 'Bulk', SONGS);
    started = performance.now();
    const job = bulk.start({ kind: 'delete', disposal: 'delete-file' }, many);
    await through(job);
    const bulkS = (performance.now() - started) / 1000;
    const p = job.progress;
    if (p.done !== SONGS) throw new Error(`bulk: ${JSON.stringify(p)}`);
    if (state.songs().length !== 0 || state.keys().size !== 0) throw new Error('songs or covers left behind');
    state.close();

    console.log(`Deleting ${SONGS.toLocaleString('en')} songs with their covers, ${LATENCY_MS} ms per request:`);
    console.log(
      `  one after another, each awaited   ${serialS.toFixed(2).padStart(7)} s   ${(SONGS / serialS).toFixed(0)} songs/s`,
    );
    console.log(
      `  bulk job runner, ${BULK_CONCURRENCY} at once       ${bulkS.toFixed(2).padStart(7)} s   ${(SONGS / bulkS).toFixed(0)} songs/s`,
    );
    console.log(`  ratio                             ${(serialS / bulkS).toFixed(1).padStart(7)} ×   (goal ≥ 10×)`);
    await auth.signOut();
  } finally {
    await backend.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * Deleting 1,000 songs with their covers, and 200 albums of 5 images each with their files,
 * against the local backend with 20 ms added to every request (standing in for the cloud), with
 * the real aws-amplify clients: one record after another, each awaited (the usual loop), next to
 * the bulk job runner; and the ratio (goal ≥ 10× for songs).
 */
import '@angular/compiler';
import { randomUUID } from 'node:crypto';
import { Injector } from '@angular/core';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import * as data from 'aws-amplify/data';
import { asyncScheduler, lastValueFrom } from 'rxjs';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import type { PhotoAlbum } from '../src/app/albums/album.ts';
import { ALBUM_API, createAmplifyAlbumApi } from '../src/app/albums/album-api.ts';
import { ALBUM_BULK_CONCURRENCY, AlbumBulk } from '../src/app/albums/album-bulk.ts';
import { AlbumService } from '../src/app/albums/album-service.ts';
import { JOB_SCHEDULER, JOB_SETTINGS, JobRunner } from '../src/app/jobs/job-runner.ts';
import { ItemStore } from '../local-backend/data/store.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { ADMIN, signInAs, startOnStoragePort } from './local-backend.ts';
import { ENGINE_PROVIDERS, UNDO_PROVIDERS } from './console-services.ts';
import { plant, plantFiles, plantRecords } from './bench-plant.ts';
import { BULK_CONCURRENCY, BackendState, bulkServices, through } from './bulk-support.ts';

const SONGS = 1_000;
const ALBUMS = 200;
const IMAGES = 5;
const LATENCY_MS = 20;
/** Albums of one bulk job in flight at once: the app's setting (ALBUM_BULK_CONCURRENCY). */
const ALBUM_CONCURRENCY = 8;

/** `count` albums of IMAGES small images each. */
async function plantAlbums(backend: TestBackend, prefix: string, count: number): Promise<PhotoAlbum[]> {
  const iso = new Date().toISOString();
  const albums: PhotoAlbum[] = Array.from({ length: count }, (_, i) => {
    const id = randomUUID();
    const imagePaths = Array.from({ length: IMAGES }, (_, n) => `images/${id}/${randomUUID()}-image-${n}.png`);
    return { id, name: `${prefix} ${i}`, imagePaths, createdAt: iso, updatedAt: iso };
  });
  await plantFiles(
    backend,
    albums.flatMap((a) => a.imagePaths),
  );
  plantRecords(backend, 'PhotoAlbum', albums);
  return albums;
}

/** The app's album services and bulk runner as one browser tab has them. */
function albumBulkServices(): { albums: AlbumService; bulk: AlbumBulk } {
  const injector = Injector.create({
    providers: [
      AlbumService,
      AlbumBulk,
      JobRunner,
      ...ENGINE_PROVIDERS,
      ...UNDO_PROVIDERS,
      { provide: ALBUM_API, useFactory: () => createAmplifyAlbumApi(async () => data) },
      { provide: JOB_SETTINGS, useValue: { concurrency: 8 } },
      { provide: JOB_SCHEDULER, useValue: asyncScheduler },
      { provide: ALBUM_BULK_CONCURRENCY, useValue: ALBUM_CONCURRENCY },
    ],
  });
  return { albums: injector.get(AlbumService), bulk: injector.get(AlbumBulk) };
}

const row = (label: string, seconds: number, count: number, noun: string) =>
  `  ${label.padEnd(34)}${seconds.toFixed(2).padStart(7)} s   ${(count / seconds).toFixed(0)} ${noun}/s`;

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

    const albumSide = albumBulkServices();
    const oneAlbum = await plantAlbums(backend, 'One by one', ALBUMS);
    started = performance.now();
    for (const album of oneAlbum) {
      await lastValueFrom(albumSide.albums.delete(album, 'delete-files'), { defaultValue: undefined });
    }
    const albumSerialS = (performance.now() - started) / 1000;

    const manyAlbums = await plantAlbums(backend, 'Bulk', ALBUMS);
    started = performance.now();
    const albumJob = albumSide.bulk.start({ kind: 'delete', disposal: 'delete-files' }, manyAlbums);
    await through(albumJob);
    const albumBulkS = (performance.now() - started) / 1000;
    if (albumJob.progress.done !== ALBUMS) throw new Error(`album bulk: ${JSON.stringify(albumJob.progress)}`);
    if (albumsLeft(backend) !== 0 || state.keys().size !== 0) throw new Error('albums or images left behind');
    state.close();

    console.log(`Deleting ${SONGS.toLocaleString('en')} songs with their covers, ${LATENCY_MS} ms per request:`);
    console.log(row('one after another, each awaited', serialS, SONGS, 'songs'));
    console.log(row(`bulk job runner, ${BULK_CONCURRENCY} at once`, bulkS, SONGS, 'songs'));
    console.log(`  ratio                             ${(serialS / bulkS).toFixed(1).padStart(7)} ×   (goal ≥ 10×)`);
    console.log(
      `Deleting ${ALBUMS} albums of ${IMAGES} images with their files (${(ALBUMS * IMAGES).toLocaleString('en')} files), ${LATENCY_MS} ms per request:`,
    );
    console.log(row('one after another, each awaited', albumSerialS, ALBUMS, 'albums'));
    console.log(row(`bulk job runner, ${ALBUM_CONCURRENCY} at once`, albumBulkS, ALBUMS, 'albums'));
    console.log(`  ratio                             ${(albumSerialS / albumBulkS).toFixed(1).padStart(7)} ×`);
    await auth.signOut();
  } finally {
    await backend.stop();
  }
}

/** Albums still stored (the backend's own store, past its HTTP front). */
function albumsLeft(backend: TestBackend): number {
  const items = new ItemStore(backend.dataDir);
  try {
    return items.count('PhotoAlbum');
  } finally {
    items.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

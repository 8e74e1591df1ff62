/**
 * Adding a batch of images to an album with the real aws-amplify clients against the local
 * backend: wall time and throughput with 1, 3 (the console's UPLOAD_CONCURRENCY) and 6 uploads at
 * once, and the time two consoles adding to one album at the same moment take (one of them
 * re-applies its add after the other's write). Then the Storage requests one Albums table page
 * (25 albums × 40 images) costs: a HEAD per image (before) against a listing per album folder.
 */
import '@angular/compiler';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import { firstValueFrom, from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import type { AlbumApi } from '../src/app/albums/album-api.ts';
import type { AttachmentEngine } from '../src/app/attachments/attachment-engine.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import type { PhotoAlbum } from '../src/app/albums/album.ts';
import { UPLOAD_CONCURRENCY } from '../src/app/albums/album-limits.ts';
import { ALBUM_IMAGES } from '../src/app/albums/album-service.ts';
import { RecordFilesWorkflow } from '../src/app/attachments/record-files-workflow.ts';
import { OPERATOR, signInAs, startOnStoragePort } from './local-backend.ts';
import { albumServices, fileStates } from './console-services.ts';
import { countStorageRequests } from './storage-requests.ts';

const FILES = 24;
const SIZE = 256 * 1024;
const RUNS = 5;

function png(i: number): File {
  const bytes = new Uint8Array(SIZE).fill(i % 251);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new File([bytes], `bench-${i}.png`, { type: 'image/png' });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const backend = await startOnStoragePort({ logLevel: 'error' }, { tries: 150 });
  try {
    Amplify.configure(toResourcesConfig(backend.outputs));
    await signInAs(auth, OPERATOR);
    const { albums, engine, api } = albumServices();
    const files = Array.from({ length: FILES }, (_, i) => png(i));
    const images = new RecordFilesWorkflow(api, engine, ALBUM_IMAGES);
    const mb = (FILES * SIZE) / 1024 / 1024;
    console.log(`${FILES} files of ${SIZE / 1024} KB (${mb} MB) per batch, median of ${RUNS} runs`);
    // Runs rotate which concurrency goes first; the machine may be busy, so medians are compared.
    const levels = [1, UPLOAD_CONCURRENCY, 6];
    const times = new Map<number, number[]>(levels.map((c) => [c, []]));
    for (let run = 0; run < RUNS; run++) {
      for (let k = 0; k < levels.length; k++) {
        const concurrency = levels[(run + k) % levels.length]!;
        const album = await firstValueFrom(albums.create(`Bench ${concurrency}.${run}`));
        const started = performance.now();
        const last = await lastValueFrom(images.add(album, files, undefined, concurrency));
        times.get(concurrency)!.push(performance.now() - started);
        if (last.type !== 'done' || last.value.added.length !== FILES)
          throw new Error('a batch did not add every file');
      }
    }
    for (const concurrency of levels) {
      const ms = median(times.get(concurrency)!);
      const note = concurrency === UPLOAD_CONCURRENCY ? ' (the console)' : '';
      console.log(`  ${concurrency} at once${note}: ${ms.toFixed(0)} ms, ${(mb / (ms / 1000)).toFixed(1)} MB/s`);
    }

    const other = albumServices();
    const raced: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const album: PhotoAlbum = await firstValueFrom(albums.create(`Bench race ${run}`));
      const half = files.slice(0, FILES / 2);
      const started = performance.now();
      await Promise.all([
        lastValueFrom(albums.addFiles(album, half)),
        lastValueFrom(other.albums.addFiles(album, half)),
      ]);
      raced.push(performance.now() - started);
      const stored = await firstValueFrom(albums.get(album.id));
      if (stored?.imagePaths.length !== FILES)
        throw new Error(`the race kept ${stored?.imagePaths.length} of ${FILES}`);
    }
    console.log(
      `  two consoles adding ${FILES / 2} each to one album at once: ${median(raced).toFixed(0)} ms, all ${FILES} kept`,
    );
    await tablePage(api, engine);
  } finally {
    await auth.signOut().catch(() => undefined);
    await backend.stop();
  }
}

const PAGE_ALBUMS = 25;
const PAGE_IMAGES = 40;

/** The Storage requests and time for the metadata of one Albums table page, before and after. */
async function tablePage(api: AlbumApi, engine: AttachmentEngine): Promise<void> {
  const owners = [];
  for (let a = 0; a < PAGE_ALBUMS; a++) {
    const id = crypto.randomUUID();
    const uploads = Array.from({ length: PAGE_IMAGES }, (_, i) => {
      const bytes = new Uint8Array(512).fill(i);
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      return new File([bytes], `page-${i}.png`, { type: 'image/png' });
    });
    const paths = await lastValueFrom(
      from(uploads).pipe(
        mergeMap((f) => lastValueFrom(engine.upload(id, f)).then((s) => (s as { value: string }).value), 8),
        toArray(),
      ),
    );
    const album = await api.create({ id, name: `Page ${a}`, imagePaths: paths });
    owners.push({ id, version: album.updatedAt, paths });
  }
  const all = owners.flatMap((o) => o.paths);
  console.log(`One Albums table page: ${PAGE_ALBUMS} albums × ${PAGE_IMAGES} images (${all.length} files)`);
  const requests = countStorageRequests();
  try {
    let started = performance.now();
    // Before: what the table did, a HEAD per image, six at a time.
    await lastValueFrom(
      from(all).pipe(
        mergeMap((p) => engine.fileInfo(p), 6),
        toArray(),
      ),
    );
    const headMs = performance.now() - started;
    const before = { list: requests.list, head: requests.head };
    requests.reset();

    started = performance.now();
    const states = fileStates();
    states.show(owners);
    while (states.total(all).pending > 0) await new Promise((r) => setTimeout(r, 5));
    const listMs = performance.now() - started;
    if (states.total(all).missing !== 0) throw new Error('a listed file was reported missing');
    console.log(
      `  before, a HEAD per image: ${before.head} HEAD + ${before.list} list requests, ${headMs.toFixed(0)} ms`,
    );
    console.log(
      `  after, a listing per album folder: ${requests.head} HEAD + ${requests.list} list requests, ${listMs.toFixed(0)} ms`,
    );
  } finally {
    requests.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

// Undo of bulk jobs with the real aws-amplify client against the local backend: the app's song and
// album bulk services (with the shared-file check and the bucket's versions) delete 200 songs with
// their covers and 50 albums with their images; Undo brings back every record (same id and fields)
// and every byte; a record changed after a job is reported and left alone; a file two records
// share survives the deletion of one of them, and its undo.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { lastValueFrom } from 'rxjs';
import * as storage from 'aws-amplify/storage';
import type { Job } from '../src/app/jobs/job.ts';
import type { Song } from '../src/app/songs/song.ts';
import type { PhotoAlbum } from '../src/app/albums/album.ts';
import { through } from './bulk-support.ts';
import { as, png, suiteBackend } from './console-services.ts';
import { ADMIN } from './local-backend.ts';
import { songAlbumServices, songWithCover as madeWithCover } from './song-album-services.ts';

suiteBackend();

let s: ReturnType<typeof songAlbumServices>;
beforeEach(async () => {
  await as(ADMIN);
  s = songAlbumServices();
});

/** Runs `work` over `items`, `n` at a time. */
async function pool<T, R>(items: readonly T[], n: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

async function bytesOf(path: string): Promise<Buffer | null> {
  try {
    const { body } = await storage.downloadData({ path }).result;
    return Buffer.from(await (await body.blob()).arrayBuffer());
  } catch {
    return null;
  }
}

const songWithCover = (name: string, fill: number): Promise<Song> => madeWithCover(s.songs, name, fill);

async function albumWithImages(name: string, fill: number): Promise<PhotoAlbum> {
  const album = await lastValueFrom(s.albums.create(name));
  await lastValueFrom(s.albums.addFiles(album, [png('a.png', fill), png('b.png', (fill + 1) % 256)]));
  const stored = await s.albumApi.get(album.id);
  assert.equal(stored?.imagePaths.length, 2);
  return stored!;
}

/** Starts the job's Undo from its offer and returns the undo job, once it is through. */
async function undo<T>(job: Job<T>): Promise<Job<unknown>> {
  assert.ok(job.undo, 'the job offers Undo');
  assert.ok(Date.now() < job.undo.until);
  job.undo.start();
  const undoJob = s.runner.jobs().at(-1)!;
  assert.notEqual(undoJob, job);
  await through(undoJob);
  return undoJob;
}

const fieldsOf = (r: object) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = r as Record<string, unknown>;
  return rest;
};

test('bulk delete of 200 songs with covers and 50 albums with images, undone: every record and every byte is back', async () => {
  const songs = await pool(
    Array.from({ length: 200 }, (_, i) => i),
    16,
    (i) => songWithCover(`Undo song ${i}`, i % 256),
  );
  const albums = await pool(
    Array.from({ length: 50 }, (_, i) => i),
    8,
    (i) => albumWithImages(`Undo album ${i}`, (i * 3) % 256),
  );
  const paths = [...songs.map((x) => x.coverArtPath!), ...albums.flatMap((a) => a.imagePaths)];
  assert.equal(paths.length, 300);
  const bytes = new Map(await pool(paths, 16, async (p) => [p, await bytesOf(p)] as const));
  assert.ok([...bytes.values()].every((b) => b && b.length === 2048));

  const songJob = s.songBulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
  const albumJob = s.albumBulk.start({ kind: 'delete', disposal: 'delete-files' }, albums);
  await Promise.all([through(songJob), through(albumJob)]);
  assert.deepEqual([songJob.progress.done, albumJob.progress.done], [200, 50]);
  assert.equal(await s.songApi.get(songs[0]!.id), null);
  assert.equal(await bytesOf(paths[0]!), null, 'the cover is deleted');
  assert.equal(await bytesOf(paths.at(-1)!), null, 'the image is deleted');

  const [songUndo, albumUndo] = [await undo(songJob), await undo(albumJob)];
  assert.deepEqual(
    [songUndo.progress.done, songUndo.progress.failed, songUndo.progress.skipped],
    [200, 0, 0],
    JSON.stringify(songUndo.results().find((r) => r.status !== 'ok')),
  );
  assert.deepEqual([albumUndo.progress.done, albumUndo.progress.failed, albumUndo.progress.skipped], [50, 0, 0]);
  assert.match(songUndo.title, /^Undo: Delete 200 songs and their covers$/);

  for (const song of songs) {
    const back = await s.songApi.get(song.id);
    assert.ok(back, `${song.name} is back`);
    assert.deepEqual(fieldsOf(back), fieldsOf(song));
  }
  for (const album of albums) {
    const back = await s.albumApi.get(album.id);
    assert.ok(back, `${album.name} is back`);
    assert.deepEqual(fieldsOf(back), fieldsOf(album));
  }
  const after = await pool(paths, 16, async (p) => [p, await bytesOf(p)] as const);
  for (const [path, now] of after) assert.ok(now && now.equals(bytes.get(path)!), `${path}: the same bytes`);

  // Undo is offered once.
  assert.equal(songJob.undo?.started(), true);
});

test('a record changed after the job is reported and left alone; the others come back', async () => {
  const songs = await pool([0, 1, 2], 3, (i) => songWithCover(`Changed after ${i}`, 40 + i));
  // A detach-and-delete job: the covers are cleared and deleted.
  const detach = s.songBulk.start({ kind: 'detach', disposal: 'delete-file' }, songs);
  await through(detach);
  assert.equal(detach.progress.done, 3);
  const renamed = await s.songApi.update({ id: songs[1]!.id, name: 'Renamed after the job' });
  // A delete job: someone makes a record with the same id as a deleted one meanwhile.
  const deleted = await pool([0, 1], 2, (i) => songWithCover(`Made again ${i}`, 50 + i));
  const del = s.songBulk.start({ kind: 'delete', disposal: 'delete-file' }, deleted);
  await through(del);
  const madeAgain = await s.songApi.create({ id: deleted[0]!.id, name: 'Made again by someone', coverArtPath: null });

  const detachUndo = await undo(detach);
  const byName = new Map(detachUndo.results().map((r) => [r.label, r]));
  assert.equal(byName.get('Changed after 0')?.status, 'ok');
  assert.equal(byName.get('Changed after 2')?.status, 'ok');
  assert.equal(byName.get('Changed after 1')?.status, 'skipped');
  assert.match(byName.get('Changed after 1')?.reason ?? '', /^Conflict: .*changed after the job; it was left as it is/);
  assert.deepEqual(fieldsOf((await s.songApi.get(songs[1]!.id))!), fieldsOf(renamed), 'left as it is');
  assert.equal((await s.songApi.get(songs[0]!.id))?.coverArtPath, songs[0]!.coverArtPath);
  assert.ok(await bytesOf(songs[0]!.coverArtPath!), 'its cover is back');

  const delUndo = await undo(del);
  const results = delUndo.results();
  assert.equal(results[0]?.status, 'skipped');
  assert.match(results[0]?.reason ?? '', /^Conflict: a song with this id exists now \(“Made again by someone”\)/);
  assert.equal(results[1]?.status, 'ok');
  assert.deepEqual(fieldsOf((await s.songApi.get(deleted[0]!.id))!), fieldsOf(madeAgain), 'left as it is');
  assert.deepEqual(fieldsOf((await s.songApi.get(deleted[1]!.id))!), fieldsOf(deleted[1]!));
});

test('a file shared by two records survives deleting one of them, and the undo', async () => {
  const song = await songWithCover('Shared cover', 99);
  const album = await lastValueFrom(s.albums.create('Shares the cover'));
  await s.albumApi.update({ id: album.id, imagePaths: [song.coverArtPath!] });
  const bytes = await bytesOf(song.coverArtPath!);

  const job = s.songBulk.start({ kind: 'delete', disposal: 'delete-file' }, [song]);
  await through(job);
  assert.equal(job.progress.done, 1);
  assert.match(job.results()[0]?.reason ?? '', /Shares the cover/);
  assert.equal(await s.songApi.get(song.id), null);
  assert.ok((await bytesOf(song.coverArtPath!))?.equals(bytes!), 'the album keeps its image');

  const undone = await undo(job);
  assert.equal(undone.progress.done, 1);
  assert.deepEqual(fieldsOf((await s.songApi.get(song.id))!), fieldsOf(song));
  assert.ok((await bytesOf(song.coverArtPath!))?.equals(bytes!));
  assert.deepEqual((await s.albumApi.get(album.id))?.imagePaths, [song.coverArtPath]);
});

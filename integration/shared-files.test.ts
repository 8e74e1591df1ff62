// A file two records reference survives the deletion of one of them: the workflows ask the
// backend (one filtered list per file field) right before deleting a file, through the real
// aws-amplify client against the local backend, and say in their result why a file was kept.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import * as data from 'aws-amplify/data';
import { keptFilesOf } from '../src/app/attachments/kept-files.ts';
import type { PhotoAlbum } from '../src/app/albums/album.ts';
import type { Song } from '../src/app/songs/song.ts';
import { createAmplifySongApi } from '../src/app/songs/song-api.ts';
import { through } from './bulk-support.ts';
import { as, storedUnder, suiteBackend } from './console-services.ts';
import { ADMIN } from './local-backend.ts';
import { songAlbumServices, songWithCover as madeWithCover } from './song-album-services.ts';

suiteBackend();

let s: ReturnType<typeof songAlbumServices>;
beforeEach(async () => {
  await as(ADMIN);
  s = songAlbumServices();
});

const songWithCover = (name: string): Promise<Song> => madeWithCover(s.songs, name);

/** An album pointing at `paths`, set by the team's own app (a plain Data write, not the console). */
async function albumHolding(name: string, paths: string[]): Promise<PhotoAlbum> {
  const album = await s.albumApi.create({ id: crypto.randomUUID(), name, imagePaths: paths });
  assert.deepEqual(album.imagePaths, paths);
  return album;
}

const stored = async (song: Song) => (await storedUnder(song.id)).includes(song.coverArtPath!);

test('deleting a song with its cover keeps the cover an album also shows, and says why; an unshared cover goes', async () => {
  const shared = await songWithCover(`Shared ${Date.now()}`);
  const alone = await songWithCover(`Alone ${Date.now()}`);
  const album = await albumHolding(`Summer ${Date.now()}`, [shared.coverArtPath!]);

  const result = await lastValueFrom(s.songs.delete(shared, 'delete-file'));
  assert.equal(await firstValueFrom(s.songs.get(shared.id)), null);
  assert.ok(await stored(shared), 'the album’s image is still in storage');
  assert.equal(result.kept.length, 1);
  const [kept] = result.kept;
  assert.ok(kept && 'usedBy' in kept);
  assert.equal(kept.usedBy.id, album.id);
  assert.equal(kept.usedBy.field, 'imagePaths');

  const none = await lastValueFrom(s.songs.delete(alone, 'delete-file'));
  assert.deepEqual(none.kept, []);
  assert.equal(await stored(alone), false);
});

test('a bulk delete keeps the shared cover and says so in that item’s result only', async () => {
  const stamp = Date.now();
  const songs = await Promise.all([0, 1, 2, 3].map((i) => songWithCover(`Bulk ${stamp} ${i}`)));
  const album = await albumHolding(`Bulk album ${stamp}`, [songs[1]!.coverArtPath!]);

  const job = s.songBulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
  await through(job);
  const results = job.results();
  assert.deepEqual(
    results.map((r) => r.status),
    ['ok', 'ok', 'ok', 'ok'],
  );
  assert.deepEqual(
    results.map((r) => r.reason),
    [
      undefined,
      `1 cover file of “${songs[1]!.name}” was kept: “cover.png” is also used by photo album “${album.name}” (PhotoAlbum.imagePaths).`,
      undefined,
      undefined,
    ],
  );
  assert.deepEqual(await Promise.all(songs.map(stored)), [false, true, false, false]);
});

test('detach-and-delete keeps a cover another song still points at', async () => {
  const first = await songWithCover(`Detach ${Date.now()}`);
  const second = await songWithCover(`Copy ${Date.now()}`);
  // A script pointed the second song at the first one's cover.
  await createAmplifySongApi(async () => data).update({ id: second.id, coverArtPath: first.coverArtPath });

  const detached = await lastValueFrom(s.songs.detach(first, 'delete-file'));
  assert.equal(detached.coverArtPath, null);
  assert.ok(await stored(first), 'the copy’s cover is still in storage');
  const [kept] = keptFilesOf(detached);
  assert.ok(kept && 'usedBy' in kept);
  assert.equal(kept.usedBy.id, second.id);
  assert.equal(kept.usedBy.name, second.name);
});

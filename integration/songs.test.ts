// SongService and the attachment engine with the real aws-amplify client against the real local
// backend (Node, the same code the app runs; only the browser's download link is absent).
import '@angular/compiler';
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import * as storage from 'aws-amplify/storage';
import { Hub } from 'aws-amplify/utils';
import { lastValueFrom, firstValueFrom, filter } from 'rxjs';
import { AttachmentError } from '../src/app/attachments/attachment-error.ts';
import { checkFileFields } from '../src/app/attachments/file-fields.ts';
import type { Song } from '../src/app/songs/song.ts';
import { ADMIN, OPERATOR, VIEWER } from './local-backend.ts';
import { as, consoleServices, png, storedUnder, suiteBackend } from './console-services.ts';
import { createAmplifyStorageApi } from '../src/app/attachments/storage-api.ts';

function done<T>(o: import('rxjs').Observable<import('../src/app/attachments/transfer.ts').Transfer<T>>): Promise<T> {
  return lastValueFrom(o).then((step) => {
    assert.equal(step.type, 'done');
    return (step as { value: T }).value;
  });
}

const suite = suiteBackend();

describe('the declared file fields', () => {
  test('match the model_introspection the backend writes into amplify_outputs.json', () => {
    assert.equal(checkFileFields(suite.backend.outputs), undefined);
  });
});

describe('SongService against the local backend', () => {
  beforeEach(() => as(OPERATOR));

  test('two consoles replace the same cover at once: one wins, the other gets the conflict, no orphan, no lost update', async () => {
    const a = consoleServices();
    const b = consoleServices();
    for (let round = 0; round < 5; round++) {
      const song = await done(a.songs.create(`Race ${round}`, png('cover.png', 1)));
      const [ra, rb] = await Promise.allSettled([
        done(a.songs.setCover(song, png('cover.png', 2))),
        done(b.songs.setCover(song, png('cover.png', 3))),
      ]);
      const outcomes = [ra, rb].map((r) => r.status);
      assert.deepEqual(outcomes.sort(), ['fulfilled', 'rejected'], `round ${round}: exactly one wins`);
      const winner = (ra.status === 'fulfilled' ? ra : rb) as PromiseFulfilledResult<Song>;
      const loser = (ra.status === 'rejected' ? ra : rb) as PromiseRejectedResult;
      assert.ok(loser.reason instanceof AttachmentError);
      assert.equal(loser.reason.kind, 'conflict');
      assert.match(loser.reason.message, /changed by someone else/);

      const stored = await firstValueFrom(a.songs.get(song.id));
      assert.equal(stored?.coverArtPath, winner.value.coverArtPath, 'the record has the winner’s file');
      assert.notEqual(stored?.coverArtPath, song.coverArtPath);
      assert.deepEqual(await storedUnder(song.id), [winner.value.coverArtPath], 'only the winner’s file is left');
    }
  });

  test('replacing a cover with a file of the same name keeps the new file and deletes the old', async () => {
    const { songs, engine } = consoleServices();
    const song = await done(songs.create('Same name', png('Same name.png', 1)));
    const replaced = await done(songs.setCover(song, png('Same name.png', 2)));
    assert.notEqual(replaced.coverArtPath, song.coverArtPath);
    assert.match(replaced.coverArtPath!, new RegExp(`^images/${song.id}/[0-9a-f-]{36}-Same-name\\.png$`));
    assert.deepEqual(await storedUnder(song.id), [replaced.coverArtPath]);
    const info = await firstValueFrom(engine.fileInfo(replaced.coverArtPath!));
    assert.equal(info?.size, 2048);
    assert.equal(info?.contentType, 'image/png');
    assert.equal(await firstValueFrom(engine.fileInfo(song.coverArtPath!)), null, 'the old file is gone');
  });

  test('a signed URL from the engine serves the cover; one signing for many views', async () => {
    const { songs, engine } = consoleServices();
    const song = await done(songs.create('Signed', png('s.png', 9)));
    const urls = await Promise.all([1, 2, 3].map(() => firstValueFrom(engine.signedUrl(song.coverArtPath!))));
    assert.equal(new Set(urls).size, 1);
    const res = await fetch(urls[0]!);
    assert.equal(res.status, 200);
    assert.equal((await res.arrayBuffer()).byteLength, 2048);
  });

  test('a download URL makes the browser save the file under its own name', async () => {
    const { songs } = consoleServices();
    const song = await done(songs.create('Download', png('My cover.png')));
    const api = createAmplifyStorageApi(async () => storage);
    const { url } = await api.signedUrl(song.coverArtPath!, { expiresIn: 60, download: 'My-cover.png' });
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="My-cover\.png"/);
  });

  test('detach keeping the file, then attach again, detach deleting the file, delete with the file', async () => {
    const { songs } = consoleServices();
    const song = await done(songs.create('Workflows', png('w.png')));
    const kept = await firstValueFrom(songs.detach(song, 'keep-file'));
    assert.equal(kept.coverArtPath, null);
    assert.deepEqual(await storedUnder(song.id), [song.coverArtPath], 'keep-file keeps the file');

    const attached = await done(songs.setCover(kept, png('w2.png')));
    const detached = await firstValueFrom(songs.detach(attached, 'delete-file'));
    assert.equal(detached.coverArtPath, null);
    assert.deepEqual(await storedUnder(song.id), [song.coverArtPath], 'only the kept earlier file remains');

    await as(ADMIN);
    const again = await done(songs.setCover(detached, png('w3.png')));
    await lastValueFrom(songs.delete(again, 'delete-file'), { defaultValue: undefined });
    assert.equal(await firstValueFrom(songs.get(song.id)), null);
    assert.deepEqual(await storedUnder(song.id), [song.coverArtPath]);
  });

  test('a stale version is a conflict and a deleted song is not found; the upload is removed both times', async () => {
    const { songs } = consoleServices();
    const song = await done(songs.create('Stale', png('a.png')));
    const renamed = await firstValueFrom(songs.rename(song, 'Stale, renamed'));
    assert.equal(renamed.name, 'Stale, renamed');
    await assert.rejects(done(songs.setCover(song, png('b.png'))), { kind: 'conflict' });
    assert.deepEqual(await storedUnder(song.id), [song.coverArtPath]);
    assert.equal((await firstValueFrom(songs.get(song.id)))?.coverArtPath, song.coverArtPath);

    await as(ADMIN);
    await lastValueFrom(songs.delete(renamed, 'keep-file'), { defaultValue: undefined });
    await as(OPERATOR);
    await assert.rejects(done(songs.setCover(renamed, png('c.png'))), (err: AttachmentError) => {
      assert.equal(err.kind, 'not-found');
      assert.match(err.message, /no longer exists/);
      return true;
    });
    assert.deepEqual(await storedUnder(song.id), [song.coverArtPath], 'the new upload was removed');
    await assert.rejects(firstValueFrom(songs.rename(renamed, 'x')), { kind: 'not-found' });
  });

  test('bad input changes nothing: empty and long titles, SVG, empty and disguised files', async () => {
    const { songs } = consoleServices();
    await assert.rejects(done(songs.create('   ')), { kind: 'invalid-input' });
    await assert.rejects(done(songs.create('x'.repeat(10_000))), { kind: 'invalid-input' });
    const song = await done(songs.create('Bad input'));
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'logo.svg', { type: 'image/svg+xml' });
    await assert.rejects(done(songs.setCover(song, svg)), { kind: 'invalid-file' });
    await assert.rejects(done(songs.setCover(song, new File([], 'empty.png', { type: 'image/png' }))), {
      kind: 'invalid-file',
    });
    const disguised = new File(['MZ not an image'], 'cover.png', { type: 'image/png' });
    await assert.rejects(done(songs.setCover(song, disguised)), { kind: 'invalid-file' });
    assert.deepEqual(await storedUnder(song.id), []);
    assert.equal((await firstValueFrom(songs.get(song.id)))?.updatedAt, song.updatedAt);
  });

  test('file names with ../, slashes, emoji and 300 characters are stored under safe keys', async () => {
    const { songs } = consoleServices();
    const song = await done(songs.create('Names'));
    const name = `../../etc/passwd 🎵 Ünïcödé/${'n'.repeat(300)}.png`;
    const withCover = await done(songs.setCover(song, png(name)));
    const key = withCover.coverArtPath!;
    assert.ok(key.startsWith(`images/${song.id}/`));
    assert.equal(key.split('/').length, 3, 'no extra path segments');
    assert.ok(!key.includes('..') && !key.includes('🎵'));
    assert.match(key, /Ünïcödé/);
    assert.ok([...key.split('/')[2]!].length <= 37 + 100);
    assert.deepEqual(await storedUnder(song.id), [key]);
  });

  test('a viewer is refused with a clear message and nothing changes', async () => {
    const { songs } = consoleServices();
    const song = await done(songs.create('Viewer target', png('v.png')));
    await as(VIEWER);
    await assert.rejects(done(songs.setCover(song, png('v2.png'))), (err: AttachmentError) => {
      assert.equal(err.kind, 'forbidden');
      assert.match(err.message, /role/);
      return true;
    });
    await assert.rejects(firstValueFrom(songs.detach(song, 'delete-file')), { kind: 'forbidden' });
    await assert.rejects(lastValueFrom(songs.delete(song, 'delete-file')), { kind: 'forbidden' });
    await as(OPERATOR);
    assert.equal((await firstValueFrom(songs.get(song.id)))?.coverArtPath, song.coverArtPath);
    assert.deepEqual(await storedUnder(song.id), [song.coverArtPath]);
    await assert.rejects(lastValueFrom(songs.delete(song, 'delete-file')), { kind: 'forbidden' });
  });

  test('the live list follows another console’s create and cover change', async () => {
    const watcher = consoleServices();
    const other = consoleServices();
    const seen: Song[][] = [];
    // observeQuery reports the list synced once loaded, which can be before its realtime
    // subscriptions are acknowledged; changes made in between are not delivered (a client limit).
    let connected = false;
    const stop = Hub.listen('api', ({ payload }) => {
      const state = (payload.data as { connectionState?: string } | undefined)?.connectionState;
      if (payload.event === 'ConnectionStateChange' && state === 'Connected') connected = true;
    });
    const sub = watcher.songs.list().subscribe((l) => l.synced && seen.push([...l.items]));
    try {
      await firstValueFrom(watcher.songs.list().pipe(filter((l) => l.synced)));
      await waitFor(() => connected);
      const song = await done(other.songs.create('Live one'));
      await waitFor(() => seen.at(-1)?.some((s) => s.id === song.id));
      const changed = await done(other.songs.setCover(song, png('live.png')));
      await waitFor(() => seen.at(-1)?.find((s) => s.id === song.id)?.coverArtPath === changed.coverArtPath);
    } finally {
      sub.unsubscribe();
      stop();
    }
  });
});

async function waitFor(check: () => boolean | undefined, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) assert.fail('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

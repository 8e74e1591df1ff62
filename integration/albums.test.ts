// AlbumService and the attachment engine with the real aws-amplify client against the real local
// backend: what two operators changing one album's list at the same time leave behind.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import type { FileInfo } from '../src/app/attachments/attachment-engine.ts';
import { AttachmentError } from '../src/app/attachments/attachment-error.ts';
import type { AddResult, PhotoAlbum } from '../src/app/albums/album.ts';
import { AlbumService } from '../src/app/albums/album-service.ts';
import { ADMIN, OPERATOR, VIEWER } from './local-backend.ts';
import { albumServices, as, fileStates, png, storedUnder, suiteBackend } from './console-services.ts';
import { countStorageRequests } from './storage-requests.ts';

/** One console: its own Data client, engine and signed-URL cache (what one browser tab has). */
const console_ = (): AlbumService => albumServices().albums;

const added = (album: PhotoAlbum, files: File[], albums = console_()): Promise<AddResult> =>
  lastValueFrom(albums.addFiles(album, files)).then((step) => {
    assert.equal(step.type, 'done');
    return (step as { value: AddResult }).value;
  });

suiteBackend();

describe('AlbumService against the local backend', () => {
  beforeEach(() => as(OPERATOR));

  test('two consoles adding to one album at the same time both keep their images', async () => {
    const a = console_();
    const b = console_();
    for (let round = 0; round < 3; round++) {
      const album = await firstValueFrom(a.create(`Together ${round}`));
      const [ra, rb] = await Promise.all([
        added(album, [png('a1.png', 1), png('a2.png', 2), png('a3.png', 3)], a),
        added(album, [png('b1.png', 4), png('b2.png', 5)], b),
      ]);
      const stored = (await firstValueFrom(a.get(album.id)))!;
      assert.deepEqual([...stored.imagePaths].sort(), [...ra.added, ...rb.added].sort(), `round ${round}: all 5 kept`);
      assert.equal(stored.imagePaths.length, 5);
      assert.deepEqual(
        await storedUnder(album.id),
        [...stored.imagePaths].sort(),
        'every path has its file, no orphan',
      );
      // Each batch stays together and in the order it was dropped.
      for (const batch of [ra.added, rb.added]) {
        const at = stored.imagePaths.indexOf(batch[0]!);
        assert.deepEqual(stored.imagePaths.slice(at, at + batch.length), batch);
      }
    }
  });

  test('one removes while the other reorders: one gets the conflict, nothing lost, nothing dangling', async () => {
    const a = console_();
    const b = console_();
    const outcomes: string[] = [];
    for (let round = 0; round < 5; round++) {
      const empty = await firstValueFrom(a.create(`Race ${round}`));
      const { album } = await added(empty, [png('1.png', 1), png('2.png', 2), png('3.png', 3)], a);
      const victim = album.imagePaths[1]!;
      const reversed = [...album.imagePaths].reverse();
      // Either may reach the backend first: alternate which one starts first.
      const remove = () => firstValueFrom(a.removeImage(album, victim));
      const reorderIt = () => firstValueFrom(b.reorder(album, reversed));
      const started = round % 2 === 0 ? [remove(), reorderIt()] : [reorderIt(), remove()].reverse();
      const [removal, reorder] = await Promise.allSettled(started);
      const settled = [removal.status, reorder.status];
      assert.deepEqual([...settled].sort(), ['fulfilled', 'rejected'], `round ${round}: exactly one wins`);
      const loser = (removal.status === 'rejected' ? removal : reorder) as PromiseRejectedResult;
      assert.ok(loser.reason instanceof AttachmentError);
      assert.equal(loser.reason.kind, 'conflict');

      const stored = (await firstValueFrom(a.get(album.id)))!;
      const objects = await storedUnder(album.id);
      if (removal.status === 'fulfilled') {
        outcomes.push('remove');
        assert.deepEqual(
          stored.imagePaths,
          album.imagePaths.filter((p) => p !== victim),
        );
      } else {
        outcomes.push('reorder');
        assert.deepEqual(stored.imagePaths, reversed);
      }
      assert.deepEqual(objects, [...stored.imagePaths].sort(), 'every path has its file and every file a path');
    }
    console.log(`  winners over 5 rounds: ${outcomes.join(', ')}`);
  });

  test('replace swaps one image in place and deletes the old file; a stale replace discards its upload', async () => {
    const albums = console_();
    const { album } = await added(await firstValueFrom(albums.create('Replace')), [png('x.png'), png('y.png')]);
    const step = await lastValueFrom(albums.replaceImage(album, album.imagePaths[0]!, png('x.png', 9)));
    assert.equal(step.type, 'done');
    const replaced = (step as { value: PhotoAlbum }).value;
    assert.notEqual(replaced.imagePaths[0], album.imagePaths[0]);
    assert.equal(replaced.imagePaths[1], album.imagePaths[1]);
    assert.deepEqual(await storedUnder(album.id), [...replaced.imagePaths].sort());

    await assert.rejects(lastValueFrom(albums.replaceImage(album, album.imagePaths[1]!, png('z.png'))), {
      kind: 'conflict',
    });
    assert.deepEqual(await storedUnder(album.id), [...replaced.imagePaths].sort(), 'the loser’s upload was removed');
  });

  test('delete: the admin removes the album and its files; keep-files leaves them; viewers are refused', async () => {
    const albums = console_();
    const { album } = await added(await firstValueFrom(albums.create('To delete')), [png('d1.png'), png('d2.png')]);
    const { album: kept } = await added(await firstValueFrom(albums.create('To keep')), [png('k.png')]);
    await assert.rejects(lastValueFrom(albums.delete(album, 'delete-files')), { kind: 'forbidden' });

    await as(VIEWER);
    const refused = await added(album, [png('v.png')]);
    assert.deepEqual(refused.added, []);
    assert.equal(refused.failed[0]?.error?.kind, 'forbidden', 'the upload is refused, so nothing is written');
    assert.match(refused.failed[0]!.error!.message, /role/);
    await assert.rejects(firstValueFrom(albums.reorder(album, [...album.imagePaths].reverse())), {
      kind: 'forbidden',
    });

    await as(ADMIN);
    assert.deepEqual(await storedUnder(album.id), [...album.imagePaths].sort(), 'refused writes changed nothing');
    await lastValueFrom(albums.delete(album, 'delete-files'), { defaultValue: undefined });
    assert.equal(await firstValueFrom(albums.get(album.id)), null);
    assert.deepEqual(await storedUnder(album.id), []);
    await lastValueFrom(albums.delete(kept, 'keep-files'), { defaultValue: undefined });
    assert.deepEqual(await storedUnder(kept.id), [...kept.imagePaths]);
  });

  test('file states come from listings, never a HEAD: one of the album’s folder, one of the path outside it; sizes right, a missing file null', async () => {
    const { albums, engine } = albumServices();
    const empty = await firstValueFrom(albums.create('Thirty'));
    const sizes = Array.from({ length: 30 }, (_, i) => 1000 + 37 * i);
    const { album } = await added(
      empty,
      sizes.map((size, i) => png(`p${i}.png`, i, size)),
      albums,
    );
    const gone = album.imagePaths[7]!;
    await lastValueFrom(engine.remove(gone), { defaultValue: undefined });
    const other = await firstValueFrom(albums.create('Elsewhere'));
    const outside = (await added(other, [png('outside.png', 1, 4321)], albums)).added[0]!;

    const states = fileStates();
    const requests = countStorageRequests();
    try {
      const paths = [...album.imagePaths, outside];
      states.show([{ id: album.id, version: album.updatedAt, paths }]);
      await waitFor(() => states.total(paths).pending === 0);
      assert.deepEqual(
        { list: requests.list, head: requests.head },
        { list: 2, head: 0 },
        'one listing of the folder, one of the path outside; no HEAD',
      );
      album.imagePaths.forEach((path, i) => {
        const state = states.state(path);
        if (path === gone) assert.equal(state, null, 'the removed file is missing');
        else assert.equal(typeof state === 'object' && state?.size, sizes[i], `${path}: its size`);
      });
      assert.equal((states.state(outside) as FileInfo).size, 4321);
      assert.ok((states.state(album.imagePaths[0]!) as FileInfo).lastModified instanceof Date);
      assert.deepEqual(states.total(paths), {
        bytes: sizes.reduce((a, b) => a + b) - sizes[7]! + 4321,
        pending: 0,
        missing: 1,
      });
    } finally {
      requests.stop();
    }
  });

  test('the live list follows another console’s create and add', async () => {
    const watcher = console_();
    const other = console_();
    const seen: PhotoAlbum[][] = [];
    const sub = watcher.list().subscribe((l) => l.synced && seen.push([...l.items]));
    try {
      await firstValueFrom(watcher.list().pipe(filter((l) => l.synced)));
      // observeQuery can report the first load before its realtime subscriptions are acknowledged.
      await new Promise((r) => setTimeout(r, 1000));
      const album = await firstValueFrom(other.create('Live album'));
      await waitFor(() => seen.at(-1)?.some((s) => s.id === album.id));
      await added(album, [png('live.png')], other);
      await waitFor(() => seen.at(-1)?.find((s) => s.id === album.id)?.imagePaths.length === 1);
    } finally {
      sub.unsubscribe();
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

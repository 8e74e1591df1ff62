import { Subject, lastValueFrom, toArray } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import type { AddResult, AddStep, PhotoAlbum } from './album';
import { ADD_ATTEMPTS, MAX_IMAGES_PER_ALBUM, UPLOAD_CONCURRENCY } from './album-limits';
import { rejection, unavailable } from '../attachments/testing/attachment-errors';
import { until } from '../../testing/waits';
import { AlbumServicesBed } from './testing/album-services-bed';
import { png } from './testing/fake-album-backend';

describe('AlbumService.addFiles', () => {
  let bed: AlbumServicesBed;
  beforeEach(() => (bed = new AlbumServicesBed()));

  describe('addFiles', () => {
    it('uploads every file and appends all paths with one conditional update', async () => {
      const album = await bed.albumWith(1);
      const steps = await lastValueFrom(
        bed.albums.addFiles(album, [png('a.png'), png('b.png'), png('c.png')]).pipe(toArray()),
      );
      const done = steps.at(-1) as Extract<AddStep, { type: 'done' }>;
      expect(done.type).toBe('done');
      expect(done.value.added.length).toBe(3);
      expect(done.value.failed).toEqual([]);
      expect(done.value.album.imagePaths).toEqual([...album.imagePaths, ...done.value.added]);
      expect(done.value.added.map((p) => p.replace(/^.*\/[0-9a-f-]{36}-/, ''))).toEqual(['a.png', 'b.png', 'c.png']);
      const updates = bed.table.calls.filter((c) => c.op === 'update');
      expect(updates.length).toBe(2); // the seed's add and this one
      expect(updates.at(-1)!.expect).toBe(album.updatedAt);
      done.value.added.forEach((p) => expect(bed.bucket.objects.has(p)).toBeTrue());
      const progress = steps.filter((s) => s.type === 'progress');
      expect(progress.length).toBeGreaterThan(3);
      const last = progress.at(-1)!;
      expect(last.sent).toBe(last.total);
      expect(last.total).toBe(3 * 1024);
    });

    it('keeps the same file dropped twice as two images under distinct keys', async () => {
      const album = bed.table.seed('Twice');
      const file = png('same.png');
      const result = await bed.add(album, [file, file]);
      expect(result.added.length).toBe(2);
      expect(new Set(result.added).size).toBe(2);
    });

    it('refuses 0 files with a message and writes nothing', async () => {
      const album = bed.table.seed('Empty');
      const err = await rejection(lastValueFrom(bed.albums.addFiles(album, [])));
      expect(err.kind).toBe('invalid-input');
      expect(err.message).toContain('at least one');
      expect(bed.table.writes()).toBe(1 - 1);
    });

    it('adds the valid files of a batch and lists the invalid ones with their reason', async () => {
      const album = bed.table.seed('Mixed');
      const svg = new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' });
      const empty = new File([], 'empty.png', { type: 'image/png' });
      const disguised = new File(['MZ not a png at all'], 'fake.png', { type: 'image/png' });
      const result = await bed.add(album, [png('ok.png'), svg, empty, disguised]);
      expect(result.added.length).toBe(1);
      expect(result.failed.map((f) => [f.name, f.status, f.error?.kind])).toEqual([
        ['logo.svg', 'invalid', 'invalid-file'],
        ['empty.png', 'invalid', 'invalid-file'],
        ['fake.png', 'failed', 'invalid-file'],
      ]);
      expect(result.failed[0]!.error!.message).toContain('SVG');
      expect(bed.table.rows.get(album.id)!.imagePaths).toEqual(result.added);
    });

    it('writes nothing when no file of the batch is valid', async () => {
      const album = bed.table.seed('None valid');
      const result = await bed.add(album, [new File([], 'e.png', { type: 'image/png' })]);
      expect(result.added).toEqual([]);
      expect(result.album).toBe(album);
      expect(bed.table.writes()).toBe(0);
    });

    it('lists a file whose upload failed and adds the others (the backend failing part-way)', async () => {
      const album = bed.table.seed('Part-way');
      bed.bucket.failUpload = (p) => (p.endsWith('b.png') ? unavailable() : undefined);
      const result = await bed.add(album, [png('a.png'), png('b.png'), png('c.png')]);
      expect(result.added.length).toBe(2);
      expect(result.failed.map((f) => [f.name, f.status, f.error?.kind])).toEqual([['b.png', 'failed', 'unavailable']]);
      expect(bed.table.rows.get(album.id)!.imagePaths).toEqual(result.added);
    });

    it('runs at most UPLOAD_CONCURRENCY uploads at once', async () => {
      const album = bed.table.seed('Bounded');
      bed.bucket.hold = true;
      const finished = bed.add(
        album,
        Array.from({ length: 7 }, (_, i) => png(`${i}.png`)),
      );
      // Each file is checked before its upload starts, which takes a few turns of the event loop:
      // wait for the pool to fill up again after every release instead of counting turns.
      const settle = async (expected: number) => {
        for (let turn = 0; turn < 500 && bed.bucket.active !== expected; turn++)
          await new Promise((r) => setTimeout(r));
      };
      for (let remaining = 7; remaining > 0; remaining--) {
        await settle(Math.min(UPLOAD_CONCURRENCY, remaining));
        expect(bed.bucket.active).toBe(Math.min(UPLOAD_CONCURRENCY, remaining));
        bed.bucket.release(1);
      }
      bed.bucket.hold = false;
      expect((await finished).added.length).toBe(7);
      expect(bed.bucket.maxActive).toBe(UPLOAD_CONCURRENCY);
    });

    it('re-reads and re-applies itself after someone else’s change: both operators’ images survive', async () => {
      const album = await bed.albumWith(1);
      let theirs: PhotoAlbum | undefined;
      bed.table.before.update = () => {
        if (!theirs) theirs = bed.table.change(album.id, [...album.imagePaths, 'images/x/their.png']);
      };
      const result = await bed.add(album, [png('mine.png')]);
      expect(result.album.imagePaths).toEqual([...album.imagePaths, 'images/x/their.png', ...result.added]);
      const updates = bed.table.calls.filter((c) => c.op === 'update').slice(-2);
      expect(updates.map((u) => u.expect)).toEqual([album.updatedAt, theirs!.updatedAt]);
    });

    it('gives up after ADD_ATTEMPTS conflicts, says so and removes its uploads', async () => {
      const album = bed.table.seed('Busy');
      let n = 0;
      bed.table.before.update = () => void bed.table.change(album.id, [`images/x/${n++}.png`]);
      const err = await rejection(bed.add(album, [png('a.png'), png('b.png')]));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain(`${ADD_ATTEMPTS} tries`);
      expect(err.message).toContain('were discarded');
      expect(bed.table.calls.filter((c) => c.op === 'update').length).toBe(ADD_ATTEMPTS);
      expect(bed.bucket.objects.size).toBe(0);
      expect(bed.bucket.removed.length).toBe(2);
    });

    it('fails with not-found and removes its uploads when the album was deleted meanwhile', async () => {
      const album = bed.table.seed('Deleted');
      bed.table.before.update = () => bed.table.rows.delete(album.id);
      const err = await rejection(bed.add(album, [png('a.png')]));
      expect(err.kind).toBe('not-found');
      expect(err.message).toBe('“Deleted” no longer exists: someone deleted it. Your 1 image was discarded.');
      expect(bed.bucket.objects.size).toBe(0);
    });

    it('keeps its uploads when the write failed and the album cannot be read (outcome unknown)', async () => {
      const album = bed.table.seed('Offline');
      bed.table.fail('update', unavailable());
      bed.table.fail('get', unavailable());
      const err = await rejection(bed.add(album, [png('a.png')]));
      expect(err.kind).toBe('unavailable');
      expect(bed.bucket.objects.size).toBe(1);
      expect(bed.bucket.removed).toEqual([]);
    });

    it('removes its uploads when the write failed and the album is readable without them', async () => {
      const album = bed.table.seed('Refused');
      bed.table.fail('update', new AttachmentError('forbidden', 'Your role does not allow this.'));
      const err = await rejection(bed.add(album, [png('a.png')]));
      expect(err.kind).toBe('forbidden');
      expect(bed.bucket.objects.size).toBe(0);
      expect(bed.table.rows.get(album.id)!.imagePaths).toEqual([]);
    });

    it('succeeds when the write landed although its answer was lost', async () => {
      const album = bed.table.seed('Lost');
      bed.table.fail('update', unavailable(), true);
      const result = await bed.add(album, [png('a.png')]);
      expect(result.album.imagePaths).toEqual(result.added);
      expect(bed.table.calls.filter((c) => c.op === 'update').length).toBe(1);
    });

    it('refuses a batch that would take the album past the limit before any upload', async () => {
      const album = bed.table.seed(
        'Full',
        Array.from({ length: MAX_IMAGES_PER_ALBUM - 1 }, (_, i) => `images/f/${i}.png`),
      );
      const err = await rejection(bed.add(album, [png('a.png'), png('b.png')]));
      expect(err.kind).toBe('invalid-input');
      expect(err.message).toContain(`at most ${MAX_IMAGES_PER_ALBUM} images`);
      expect(err.message).toContain('room for 1 more');
      expect(bed.bucket.objects.size).toBe(0);
      expect(bed.table.writes()).toBe(0);
    });

    it('refuses the re-applied add when the other change filled the album, and removes its uploads', async () => {
      const album = bed.table.seed('Filling');
      bed.table.before.update = () => {
        bed.table.before.update = undefined;
        bed.table.change(
          album.id,
          Array.from({ length: MAX_IMAGES_PER_ALBUM }, (_, i) => `images/f/${i}.png`),
        );
      };
      const err = await rejection(bed.add(album, [png('a.png')]));
      expect(err.kind).toBe('invalid-input');
      expect(bed.bucket.objects.size).toBe(0);
    });

    it('cancels one file by its index; the others are added', async () => {
      const album = bed.table.seed('Cancel one');
      bed.bucket.hold = true;
      const cancel$ = new Subject<number>();
      const steps: AddStep[] = [];
      const finished = new Promise<void>((resolve, reject) =>
        bed.albums.addFiles(album, [png('a.png'), png('b.png'), png('c.png'), png('d.png')], cancel$).subscribe({
          next: (s) => steps.push(s),
          error: reject,
          complete: resolve,
        }),
      );
      await until(() => bed.bucket.active === UPLOAD_CONCURRENCY);
      cancel$.next(1); // uploading
      cancel$.next(3); // still queued
      bed.bucket.hold = false;
      bed.bucket.release();
      await finished;
      const result = (steps.at(-1) as { value: AddResult }).value;
      expect(result.added.length).toBe(2);
      expect(result.failed.map((f) => [f.name, f.status])).toEqual([
        ['b.png', 'canceled'],
        ['d.png', 'canceled'],
      ]);
      expect(bed.bucket.canceled.length).toBe(1);
      expect([...bed.bucket.objects.keys()].sort()).toEqual([...result.added].sort());
    });

    it('unsubscribing before the write cancels uploads and removes the stored ones', async () => {
      const album = bed.table.seed('Abandoned');
      bed.bucket.hold = true;
      const sub = bed.albums.addFiles(album, [png('a.png'), png('b.png')]).subscribe();
      await until(() => bed.bucket.active === 2);
      bed.bucket.release(1);
      await until(() => bed.bucket.objects.size === 1);
      sub.unsubscribe();
      await until(() => bed.bucket.removed.length === 1);
      expect(bed.bucket.canceled.length).toBe(1);
      expect(bed.bucket.objects.size).toBe(0);
      expect(bed.table.writes()).toBe(0);
    });
  });
});

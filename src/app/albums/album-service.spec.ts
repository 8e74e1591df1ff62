import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { PhotoAlbum } from './album';
import { rejection, unavailable } from '../attachments/testing/attachment-errors';
import { AlbumServicesBed } from './testing/album-services-bed';
import { png } from './testing/fake-album-backend';

describe('AlbumService', () => {
  let bed: AlbumServicesBed;
  beforeEach(() => (bed = new AlbumServicesBed()));

  describe('create and rename', () => {
    it('creates an empty album with the trimmed name', async () => {
      const album = await firstValueFrom(bed.albums.create('  Summer  '));
      expect(album.name).toBe('Summer');
      expect(album.imagePaths).toEqual([]);
      expect(bed.table.rows.get(album.id)).toEqual(album);
    });

    it('refuses an empty or over-long name without a request', async () => {
      expect((await rejection(firstValueFrom(bed.albums.create(' ')))).kind).toBe('invalid-input');
      const long = await rejection(firstValueFrom(bed.albums.create('x'.repeat(201))));
      expect(long.message).toContain('at most 200 characters');
      expect(bed.table.calls).toEqual([]);
    });

    it('returns the album when a create landed although its answer was lost', async () => {
      bed.table.fail('create', unavailable(), true);
      const album = await firstValueFrom(bed.albums.create('Lost answer'));
      expect(album.name).toBe('Lost answer');
      expect(bed.table.rows.size).toBe(1);
    });

    it('fails a create that did not land with the mapped error', async () => {
      bed.table.fail('create', unavailable());
      expect((await rejection(firstValueFrom(bed.albums.create('Offline')))).kind).toBe('unavailable');
      expect(bed.table.rows.size).toBe(0);
    });

    it('renames sending only the name, so the images someone else added stay', async () => {
      const album = bed.table.seed('Old', ['images/a/1-x.png']);
      bed.table.change(album.id, ['images/a/1-x.png', 'images/a/2-y.png']);
      const renamed = await firstValueFrom(bed.albums.rename(album, 'New'));
      expect(renamed.name).toBe('New');
      expect(renamed.imagePaths.length).toBe(2);
      expect(bed.table.calls.at(-1)).toEqual({ op: 'update', input: { id: album.id, name: 'New' }, expect: undefined });
    });

    it('says so when the album to rename was deleted', async () => {
      const album = bed.table.seed('Gone');
      bed.table.rows.delete(album.id);
      const err = await rejection(firstValueFrom(bed.albums.rename(album, 'x')));
      expect(err.kind).toBe('not-found');
      expect(err.message).toContain('someone deleted it');
    });
  });

  describe('removeImage', () => {
    it('updates the list conditionally, then deletes the file', async () => {
      const album = await bed.albumWith(3);
      const [a, b, c] = album.imagePaths;
      const updated = await firstValueFrom(bed.albums.removeImage(album, b!));
      expect(updated.imagePaths).toEqual([a!, c!]);
      expect(bed.table.calls.at(-1)!.expect).toBe(album.updatedAt);
      expect(bed.bucket.objects.has(b!)).toBeFalse();
    });

    it('surfaces a conflict and deletes nothing', async () => {
      const album = await bed.albumWith(2);
      bed.table.change(album.id, [...album.imagePaths].reverse());
      const err = await rejection(firstValueFrom(bed.albums.removeImage(album, album.imagePaths[0]!)));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain('changed by someone else');
      expect(bed.bucket.objects.size).toBe(2);
    });

    it('refuses a path the album does not hold', async () => {
      const album = await bed.albumWith(1);
      const before = bed.table.writes();
      const err = await rejection(firstValueFrom(bed.albums.removeImage(album, 'images/x/nope.png')));
      expect(err.kind).toBe('invalid-input');
      expect(bed.table.writes()).toBe(before);
    });

    it('says the file is an orphan when it could not be deleted after the update', async () => {
      const album = await bed.albumWith(1);
      bed.bucket.failRemove = () => unavailable();
      const err = await rejection(firstValueFrom(bed.albums.removeImage(album, album.imagePaths[0]!)));
      expect(err.message).toContain('orphan report');
      expect(bed.table.rows.get(album.id)!.imagePaths).toEqual([]);
    });

    it('drops the reference to a missing file', async () => {
      const album = bed.table.seed('Missing', ['images/m/gone.png']);
      const updated = await firstValueFrom(bed.albums.removeImage(album, 'images/m/gone.png'));
      expect(updated.imagePaths).toEqual([]);
    });
  });

  describe('replaceImage', () => {
    it('uploads, swaps the path in place and deletes the old file', async () => {
      const album = await bed.albumWith(3);
      const old = album.imagePaths[1]!;
      const step = await lastValueFrom(bed.albums.replaceImage(album, old, png('new.png')));
      const updated = (step as { value: PhotoAlbum }).value;
      expect(updated.imagePaths[0]).toBe(album.imagePaths[0]!);
      expect(updated.imagePaths[1]).toMatch(/new\.png$/);
      expect(updated.imagePaths[2]).toBe(album.imagePaths[2]!);
      expect(bed.bucket.objects.has(old)).toBeFalse();
      expect(bed.bucket.objects.has(updated.imagePaths[1]!)).toBeTrue();
    });

    it('on a conflict discards its own upload, keeps the old file and surfaces the conflict', async () => {
      const album = await bed.albumWith(2);
      bed.table.change(album.id, [album.imagePaths[1]!, album.imagePaths[0]!]);
      const err = await rejection(lastValueFrom(bed.albums.replaceImage(album, album.imagePaths[0]!, png('new.png'))));
      expect(err.kind).toBe('conflict');
      expect(err.message).toContain('Your new file was discarded');
      expect([...bed.bucket.objects.keys()].sort()).toEqual([...album.imagePaths].sort());
    });

    it('writes nothing when the upload fails', async () => {
      const album = await bed.albumWith(1);
      const before = bed.table.writes();
      bed.bucket.failUpload = () => unavailable();
      const err = await rejection(lastValueFrom(bed.albums.replaceImage(album, album.imagePaths[0]!, png('n.png'))));
      expect(err.kind).toBe('unavailable');
      expect(bed.table.writes()).toBe(before);
    });

    it('refuses an invalid file before any byte is sent', async () => {
      const album = await bed.albumWith(1);
      const err = await rejection(
        lastValueFrom(
          bed.albums.replaceImage(album, album.imagePaths[0]!, new File(['x'], 'a.txt', { type: 'text/plain' })),
        ),
      );
      expect(err.kind).toBe('invalid-file');
      expect(bed.bucket.objects.size).toBe(1);
    });

    it('keeps the old file when deleting it fails (an orphan, never a dangling reference)', async () => {
      const album = await bed.albumWith(1);
      bed.bucket.failRemove = () => unavailable();
      const step = await lastValueFrom(bed.albums.replaceImage(album, album.imagePaths[0]!, png('n.png')));
      expect(step.type).toBe('done');
      expect(bed.bucket.objects.size).toBe(2);
    });
  });

  describe('reorder', () => {
    it('writes the new order conditionally', async () => {
      const album = await bed.albumWith(3);
      const order = [album.imagePaths[2]!, album.imagePaths[0]!, album.imagePaths[1]!];
      const updated = await firstValueFrom(bed.albums.reorder(album, order));
      expect(updated.imagePaths).toEqual(order);
      expect(bed.table.calls.at(-1)!.expect).toBe(album.updatedAt);
    });

    it('writes nothing for the same order', async () => {
      const album = await bed.albumWith(2);
      const before = bed.table.calls.length;
      expect(await firstValueFrom(bed.albums.reorder(album, [...album.imagePaths]))).toBe(album);
      expect(bed.table.calls.length).toBe(before);
    });

    it('refuses an order that is not the album’s images', async () => {
      const album = await bed.albumWith(2);
      const err = await rejection(
        firstValueFrom(bed.albums.reorder(album, [album.imagePaths[0]!, 'images/x/other.png'])),
      );
      expect(err.kind).toBe('invalid-input');
    });

    it('surfaces a conflict and changes nothing', async () => {
      const album = await bed.albumWith(2);
      const theirs = bed.table.change(album.id, [album.imagePaths[0]!]);
      const err = await rejection(firstValueFrom(bed.albums.reorder(album, [...album.imagePaths].reverse())));
      expect(err.kind).toBe('conflict');
      expect(bed.table.rows.get(album.id)).toEqual(theirs);
    });
  });

  describe('delete', () => {
    it('keeps the files with keep-files', async () => {
      const album = await bed.albumWith(2);
      await lastValueFrom(bed.albums.delete(album, 'keep-files'), { defaultValue: undefined });
      expect(bed.table.rows.has(album.id)).toBeFalse();
      expect(bed.bucket.objects.size).toBe(2);
    });

    it('deletes the record first, then every file', async () => {
      const album = await bed.albumWith(3);
      const order: string[] = [];
      bed.table.before.delete = () => order.push('record');
      const remove = bed.bucket.remove.bind(bed.bucket);
      bed.bucket.remove = (p) => (order.push('file'), remove(p));
      await lastValueFrom(bed.albums.delete(album, 'delete-files'), { defaultValue: undefined });
      expect(order).toEqual(['record', 'file', 'file', 'file']);
      expect(bed.bucket.objects.size).toBe(0);
    });

    it('deletes nothing on a conflict', async () => {
      const album = await bed.albumWith(2);
      bed.table.change(album.id, [album.imagePaths[0]!]);
      const err = await rejection(lastValueFrom(bed.albums.delete(album, 'delete-files')));
      expect(err.kind).toBe('conflict');
      expect(bed.bucket.objects.size).toBe(2);
    });

    it('says which files could not be deleted after the record was', async () => {
      const album = await bed.albumWith(3);
      bed.bucket.failRemove = (p) => (p === album.imagePaths[1] ? unavailable() : undefined);
      const err = await rejection(lastValueFrom(bed.albums.delete(album, 'delete-files')));
      expect(err.message).toContain('1 of its 3 files could not be');
      expect(err.message).toContain('orphan report');
      expect(bed.table.rows.has(album.id)).toBeFalse();
      expect(bed.bucket.objects.size).toBe(1);
    });
  });
});

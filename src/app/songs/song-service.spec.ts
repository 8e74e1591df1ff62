import { Observable, Subscription, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { SongServicesBed } from '../../testing/song-services-bed';
import { AttachmentError } from '../attachments/attachment-error';
import { forbidden, rejection, unavailable } from '../attachments/testing/attachment-errors';
import { pngFile } from '../attachments/testing/fake-storage-api';
import type { Transfer } from '../attachments/transfer';
import type { Song } from './song';

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r));
};

describe('SongService', () => {
  let bed: SongServicesBed;
  beforeEach(() => (bed = new SongServicesBed()));
  // The invariant of every workflow: no record points at a missing file.
  afterEach(() => expect(bed.danglingCovers()).toEqual([]));

  const finished = <T>(o: Observable<Transfer<T>>) =>
    lastValueFrom(o).then((step) => (step.type === 'done' ? step.value : Promise.reject(step)));

  describe('list and get', () => {
    it('lists every song live, with one query for the whole app', async () => {
      bed.api.seed({ id: 'a', name: 'A' });
      const seen: number[] = [];
      const one = bed.songs.list().subscribe((l) => seen.push(l.items.length));
      const two = bed.songs.list().subscribe();
      bed.api.seed({ id: 'b', name: 'B' });
      expect(seen).toEqual([1, 2]);
      expect(bed.api.observeCalls).toBe(1);
      const list = await firstValueFrom(bed.songs.list());
      expect(list.synced).toBeTrue();
      one.unsubscribe();
      two.unsubscribe();
    });

    it('subscribes again with backoff when the backend is unreachable', async () => {
      jasmine.clock().install();
      let attempts = 0;
      bed.api.observe = () =>
        new Observable((s) => {
          attempts++;
          if (attempts < 3) s.error(unavailable());
          else s.next({ items: [], synced: true });
        });
      const seen: unknown[] = [];
      const sub = bed.songs.list().subscribe({ next: (l) => seen.push(l), error: (e) => seen.push(e) });
      jasmine.clock().tick(60_000);
      jasmine.clock().uninstall();
      expect(attempts).toBe(3);
      expect(seen).toEqual([{ items: [], synced: true }]);
      sub.unsubscribe();
    });

    it('passes a refusal on at once', () => {
      bed.api.observe = () => new Observable((s) => s.error(forbidden()));
      let error: AttachmentError | undefined;
      bed.songs.list().subscribe({ error: (e) => (error = e) });
      expect(error?.kind).toBe('forbidden');
    });

    it('gets one song, or null', async () => {
      bed.api.seed({ id: 'a', name: 'A' });
      expect((await firstValueFrom(bed.songs.get('a')))?.name).toBe('A');
      expect(await firstValueFrom(bed.songs.get('nope'))).toBeNull();
      bed.api.failNext.get = { error: unavailable() };
      expect((await rejection(firstValueFrom(bed.songs.get('a')))).kind).toBe('unavailable');
    });
  });

  describe('create', () => {
    it('creates a song without a cover', async () => {
      const song = await finished(bed.songs.create('  Blue in Green '));
      expect(song.name).toBe('Blue in Green');
      expect(bed.api.songs.get(song.id)?.coverArtPath).toBeNull();
    });

    it('refuses an empty or 10,000-character title before any request', async () => {
      expect((await rejection(finished(bed.songs.create('')))).kind).toBe('invalid-input');
      expect((await rejection(finished(bed.songs.create('x'.repeat(10_000))))).message).toContain('at most 200');
      expect(bed.api.calls).toEqual([]);
    });

    it('with a cover: uploads first under the new id, then creates the record pointing at it', async () => {
      const steps = await lastValueFrom(bed.songs.create('With cover', pngFile('c.png')).pipe(toArray()));
      const done = steps.at(-1) as { type: 'done'; value: Song };
      expect(steps[0]).toEqual({ type: 'progress', sent: 0, total: 1000 });
      expect(done.value.coverArtPath).toMatch(new RegExp(`^images/${done.value.id}/[0-9a-f-]{36}-c\\.png$`));
      expect(bed.storage.objects.has(done.value.coverArtPath!)).toBeTrue();
      expect(bed.api.calls).toEqual([`create ${done.value.id}`]);
    });

    it('an invalid file creates nothing', async () => {
      const svg = new File(['<svg/>'], 'a.svg', { type: 'image/svg+xml' });
      expect((await rejection(finished(bed.songs.create('T', svg)))).kind).toBe('invalid-file');
      expect(bed.api.songs.size).toBe(0);
      expect(bed.storage.uploads).toEqual([]);
    });

    it('a failed upload creates nothing', async () => {
      bed.storage.failNext.upload = unavailable();
      expect((await rejection(finished(bed.songs.create('T', pngFile())))).kind).toBe('unavailable');
      expect(bed.api.songs.size).toBe(0);
      expect(bed.storage.objects.size).toBe(0);
    });

    it('a refused create removes the upload', async () => {
      bed.api.failNext.create = { error: forbidden() };
      expect((await rejection(finished(bed.songs.create('T', pngFile())))).kind).toBe('forbidden');
      expect(bed.api.songs.size).toBe(0);
      expect(bed.storage.objects.size).toBe(0);
    });

    it('a create whose outcome is unknown keeps the upload (an orphan at worst)', async () => {
      bed.api.failNext.create = { error: unavailable() };
      bed.api.failNext.get = { error: unavailable() };
      expect((await rejection(finished(bed.songs.create('T', pngFile())))).kind).toBe('unavailable');
      expect(bed.api.songs.size).toBe(0);
      expect(bed.orphans().length).toBe(1);
    });

    it('a create that landed although its answer was lost succeeds', async () => {
      bed.api.failNext.create = { error: unavailable(), landed: true };
      const song = await finished(bed.songs.create('T', pngFile()));
      expect(bed.api.songs.get(song.id)?.coverArtPath).toBe(song.coverArtPath);
      bed.api.failNext.create = { error: unavailable(), landed: true };
      expect((await finished(bed.songs.create('No cover'))).name).toBe('No cover');
    });
  });

  describe('rename', () => {
    it('sends only the name, so it cannot undo a file change made meanwhile', async () => {
      const song = bed.withCover('Old');
      const other = bed.api.changeBehind(song.id, { coverArtPath: song.coverArtPath });
      const renamed = await firstValueFrom(bed.songs.rename(song, 'New'));
      expect(renamed.name).toBe('New');
      expect(renamed.coverArtPath).toBe(other.coverArtPath);
    });

    it('refuses a bad title, and says when the song is gone', async () => {
      const song = bed.withCover();
      expect((await rejection(firstValueFrom(bed.songs.rename(song, ' ')))).kind).toBe('invalid-input');
      bed.api.songs.delete(song.id);
      const gone = await rejection(firstValueFrom(bed.songs.rename(song, 'x')));
      expect(gone.kind).toBe('not-found');
      expect(gone.message).toBe('“Song” no longer exists: someone deleted it.');
      bed.storage.objects.clear();
    });
  });

  describe('setCover (attach and replace)', () => {
    it('attaches: upload, then a conditional update, with progress', async () => {
      const song = bed.api.seed({ id: 's1', name: 'Bare' });
      const steps = await lastValueFrom(bed.songs.setCover(song, pngFile('a.png')).pipe(toArray()));
      const updated = (steps.at(-1) as { value: Song }).value;
      expect(steps.filter((s) => s.type === 'progress').length).toBeGreaterThan(0);
      expect(updated.coverArtPath).toMatch(/^images\/s1\/.+-a\.png$/);
      expect(bed.api.songs.get('s1')?.coverArtPath).toBe(updated.coverArtPath);
      expect(bed.api.calls).toEqual([`update s1 {"id":"s1","coverArtPath":"${updated.coverArtPath}"}`]);
    });

    it('replaces: the old file is deleted after the record points at the new one', async () => {
      const song = bed.withCover();
      const updated = await finished(bed.songs.setCover(song, pngFile()));
      expect(bed.storage.objects.has(song.coverArtPath!)).toBeFalse();
      expect(bed.storage.objects.has(updated.coverArtPath!)).toBeTrue();
      expect(bed.orphans()).toEqual([]);
    });

    it('replacing with a file of the same name keeps the new file', async () => {
      const first = await finished(bed.songs.setCover(bed.api.seed({ id: 's', name: 'S' }), pngFile('same.png')));
      const second = await finished(bed.songs.setCover(first, pngFile('same.png')));
      expect(second.coverArtPath).not.toBe(first.coverArtPath);
      expect([...bed.storage.objects.keys()]).toEqual([second.coverArtPath!]);
    });

    it('a failed upload changes nothing', async () => {
      const song = bed.withCover();
      bed.storage.failNext.upload = unavailable();
      expect((await rejection(finished(bed.songs.setCover(song, pngFile())))).kind).toBe('unavailable');
      expect(bed.api.songs.get(song.id)).toEqual(song);
      expect(bed.orphans()).toEqual([]);
    });

    it('canceling mid-upload cancels the transfer and changes nothing', async () => {
      const song = bed.withCover();
      bed.storage.autoFinish = false;
      const sub: Subscription = bed.songs.setCover(song, pngFile()).subscribe();
      await flush();
      sub.unsubscribe();
      expect(bed.storage.uploads[0].canceled).toBeTrue();
      expect(bed.api.songs.get(song.id)).toEqual(song);
      expect(bed.orphans()).toEqual([]);
    });

    it('once the record is being pointed at the new file, leaving does not stop the remaining steps', async () => {
      const song = bed.withCover();
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const update = bed.api.update.bind(bed.api);
      bed.api.update = async (input, expect) => {
        await gate;
        return update(input, expect);
      };
      const sub = bed.songs.setCover(song, pngFile()).subscribe();
      await flush();
      sub.unsubscribe();
      open();
      await flush();
      expect(bed.api.songs.get(song.id)?.coverArtPath).toBe(bed.storage.uploads[0].path);
      expect(bed.orphans()).toEqual([]);
    });

    it('a conflict removes the new upload and keeps the other operator’s change', async () => {
      const song = bed.withCover('Race');
      const theirs = bed.api.changeBehind(song.id, { name: 'Race (theirs)' });
      const error = await rejection(finished(bed.songs.setCover(song, pngFile())));
      expect(error.kind).toBe('conflict');
      expect(error.message).toContain('“Race” was changed by someone else since you opened it');
      expect(error.message).toContain('Your file was discarded.');
      expect(bed.api.songs.get(song.id)).toEqual(theirs);
      expect(bed.orphans()).toEqual([]);
      expect(bed.storage.objects.has(song.coverArtPath!)).toBeTrue();
    });

    it('a song deleted meanwhile is not found, and the upload is removed', async () => {
      const song = bed.withCover();
      bed.api.songs.delete(song.id);
      const error = await rejection(finished(bed.songs.setCover(song, pngFile())));
      expect(error.kind).toBe('not-found');
      expect(bed.storage.uploads[0] && bed.storage.objects.has(bed.storage.uploads[0].path)).toBeFalse();
      bed.storage.objects.delete(song.coverArtPath!);
    });

    it('a refused update removes the upload', async () => {
      const song = bed.withCover();
      bed.api.failNext.update = { error: forbidden() };
      expect((await rejection(finished(bed.songs.setCover(song, pngFile())))).kind).toBe('forbidden');
      expect(bed.api.songs.get(song.id)).toEqual(song);
      expect(bed.orphans()).toEqual([]);
    });

    it('an update whose outcome is unknown keeps both files: an orphan at worst', async () => {
      const song = bed.withCover();
      bed.api.failNext.update = { error: unavailable() };
      bed.api.failNext.get = { error: unavailable() };
      expect((await rejection(finished(bed.songs.setCover(song, pngFile())))).kind).toBe('unavailable');
      expect(bed.api.songs.get(song.id)).toEqual(song);
      expect(bed.storage.objects.has(song.coverArtPath!)).toBeTrue();
      expect(bed.orphans().length).toBe(1);
    });

    it('an update that landed although its answer was lost completes the replace', async () => {
      const song = bed.withCover();
      bed.api.failNext.update = { error: unavailable(), landed: true };
      const updated = await finished(bed.songs.setCover(song, pngFile()));
      expect(bed.api.songs.get(song.id)?.coverArtPath).toBe(updated.coverArtPath);
      expect(bed.storage.objects.has(song.coverArtPath!)).toBeFalse();
    });

    it('when the old file cannot be deleted the replace still succeeds, leaving an orphan', async () => {
      const song = bed.withCover();
      bed.storage.failNext.remove = unavailable();
      const updated = await finished(bed.songs.setCover(song, pngFile()));
      expect(bed.api.songs.get(song.id)?.coverArtPath).toBe(updated.coverArtPath);
      expect(bed.orphans()).toEqual([song.coverArtPath!]);
    });
  });

  describe('detach', () => {
    it('keep-file clears the reference and keeps the file', async () => {
      const song = bed.withCover();
      const updated = await firstValueFrom(bed.songs.detach(song, 'keep-file'));
      expect(updated.coverArtPath).toBeNull();
      expect(bed.storage.objects.has(song.coverArtPath!)).toBeTrue();
      expect(bed.api.calls).toEqual([`update ${song.id} {"id":"${song.id}","coverArtPath":null}`]);
    });

    it('delete-file clears the reference first, then deletes the file', async () => {
      const song = bed.withCover();
      await firstValueFrom(bed.songs.detach(song, 'delete-file'));
      expect(bed.api.songs.get(song.id)?.coverArtPath).toBeNull();
      expect(bed.storage.removed).toEqual([song.coverArtPath!]);
    });

    it('a conflict or a deletion changes nothing', async () => {
      const song = bed.withCover();
      bed.api.changeBehind(song.id, { name: 'theirs' });
      expect((await rejection(firstValueFrom(bed.songs.detach(song, 'delete-file')))).kind).toBe('conflict');
      expect(bed.storage.removed).toEqual([]);
      bed.api.songs.delete(song.id);
      expect((await rejection(firstValueFrom(bed.songs.detach(song, 'delete-file')))).kind).toBe('not-found');
      expect(bed.storage.removed).toEqual([]);
    });

    it('a failed update deletes nothing', async () => {
      const song = bed.withCover();
      bed.api.failNext.update = { error: unavailable() };
      expect((await rejection(firstValueFrom(bed.songs.detach(song, 'delete-file')))).kind).toBe('unavailable');
      expect(bed.api.songs.get(song.id)).toEqual(song);
      expect(bed.storage.removed).toEqual([]);
    });

    it('a failed file deletion says the cover was detached and the file is left', async () => {
      const song = bed.withCover('Half');
      bed.storage.failNext.remove = unavailable();
      const error = await rejection(firstValueFrom(bed.songs.detach(song, 'delete-file')));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain('The cover was detached from “Half”, but its file could not be deleted');
      expect(bed.api.songs.get(song.id)?.coverArtPath).toBeNull();
      expect(bed.orphans()).toEqual([song.coverArtPath!]);
    });

    it('refuses a song without a cover', async () => {
      const song = bed.api.seed({ id: 'bare', name: 'Bare' });
      expect((await rejection(firstValueFrom(bed.songs.detach(song, 'keep-file')))).kind).toBe('invalid-input');
      expect(bed.api.calls).toEqual([]);
    });
  });

  describe('delete', () => {
    const deleting = (song: Song, disposal: 'keep-file' | 'delete-file') =>
      lastValueFrom(bed.songs.delete(song, disposal), { defaultValue: undefined });

    it('keep-file deletes the record and keeps the file', async () => {
      const song = bed.withCover();
      await deleting(song, 'keep-file');
      expect(bed.api.songs.has(song.id)).toBeFalse();
      expect(bed.storage.objects.has(song.coverArtPath!)).toBeTrue();
    });

    it('delete-file deletes the record first, then its file', async () => {
      const song = bed.withCover();
      await deleting(song, 'delete-file');
      expect(bed.api.songs.has(song.id)).toBeFalse();
      expect(bed.storage.objects.size).toBe(0);
      expect(bed.api.calls).toEqual([`delete ${song.id}`]);
    });

    it('a conflict, a deletion meanwhile or a refusal deletes nothing', async () => {
      const song = bed.withCover();
      bed.api.changeBehind(song.id, { name: 'theirs' });
      expect((await rejection(deleting(song, 'delete-file'))).kind).toBe('conflict');
      const current = bed.api.songs.get(song.id)!;
      bed.api.failNext.delete = { error: forbidden() };
      expect((await rejection(deleting(current, 'delete-file'))).kind).toBe('forbidden');
      bed.api.songs.delete(song.id);
      expect((await rejection(deleting(current, 'delete-file'))).kind).toBe('not-found');
      expect(bed.storage.removed).toEqual([]);
    });

    it('a failed file deletion says the song was deleted and the file is left', async () => {
      const song = bed.withCover('Gone');
      bed.storage.failNext.remove = forbidden();
      const error = await rejection(deleting(song, 'delete-file'));
      expect(error.kind).toBe('forbidden');
      expect(error.message).toBe(
        '“Gone” was deleted, but its cover file could not be deleted: Your role does not allow this. The orphan report lists the file.',
      );
      expect(bed.api.songs.has(song.id)).toBeFalse();
      expect(bed.orphans()).toEqual([song.coverArtPath!]);
    });

    it('a song without a cover is just deleted', async () => {
      const song = bed.api.seed({ id: 'bare', name: 'Bare' });
      await deleting(song, 'delete-file');
      expect(bed.api.songs.size).toBe(0);
      expect(bed.storage.removed).toEqual([]);
    });
  });

  it('every method fails with AttachmentError only', async () => {
    bed.api.failNext.get = { error: new Error('raw') as AttachmentError };
    const error = await rejection(firstValueFrom(bed.songs.get('x').pipe(take(1))));
    expect(error).toBeInstanceOf(AttachmentError);
    expect(error.kind).toBe('unknown');
  });
});

import { TestBed } from '@angular/core/testing';
import { Observable, Subscription, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { STORAGE_API } from '../attachments/storage-api';
import { FakeStorageApi, pngFile } from '../attachments/testing/fake-storage-api';
import type { Transfer } from '../attachments/transfer';
import type { Song } from './song';
import { SONG_API } from './song-api';
import { SongService } from './song-service';
import { FakeSongApi } from './testing/fake-song-api';

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r));
};
const unavailable = () => new AttachmentError('unavailable', 'The backend cannot be reached.');
const forbidden = () => new AttachmentError('forbidden', 'Your role does not allow this.');

describe('SongService', () => {
  let api: FakeSongApi;
  let storage: FakeStorageApi;
  let songs: SongService;

  beforeEach(() => {
    api = new FakeSongApi();
    storage = new FakeStorageApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: SONG_API, useValue: api },
        { provide: STORAGE_API, useValue: storage },
      ],
    });
    songs = TestBed.inject(SongService);
  });

  /** The invariant of every workflow: no record points at a missing file. */
  function expectNoDanglingReference(): void {
    for (const song of api.songs.values()) {
      if (song.coverArtPath) expect(storage.objects.has(song.coverArtPath)).withContext(song.name).toBeTrue();
    }
  }
  function orphans(): string[] {
    const referenced = new Set([...api.songs.values()].map((s) => s.coverArtPath));
    return [...storage.objects.keys()].filter((p) => !referenced.has(p));
  }
  function withCover(name = 'Song', file = 'old.png'): Song {
    const path = `images/${crypto.randomUUID()}/x-${file}`;
    storage.put(path);
    return api.seed({ id: path.split('/')[1], name, coverArtPath: path });
  }
  const finished = <T>(o: Observable<Transfer<T>>) =>
    lastValueFrom(o).then((step) => (step.type === 'done' ? step.value : Promise.reject(step)));
  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => fail('expected a failure') as never,
      (e: AttachmentError) => e,
    );

  afterEach(() => expectNoDanglingReference());

  describe('list and get', () => {
    it('lists every song live, with one query for the whole app', async () => {
      api.seed({ id: 'a', name: 'A' });
      const seen: number[] = [];
      const one = songs.list().subscribe((l) => seen.push(l.items.length));
      const two = songs.list().subscribe();
      api.seed({ id: 'b', name: 'B' });
      expect(seen).toEqual([1, 2]);
      expect(api.observeCalls).toBe(1);
      const list = await firstValueFrom(songs.list());
      expect(list.synced).toBeTrue();
      one.unsubscribe();
      two.unsubscribe();
    });

    it('subscribes again with backoff when the backend is unreachable', async () => {
      jasmine.clock().install();
      let attempts = 0;
      api.observe = () =>
        new Observable((s) => {
          attempts++;
          if (attempts < 3) s.error(unavailable());
          else s.next({ items: [], synced: true });
        });
      const seen: unknown[] = [];
      const sub = songs.list().subscribe({ next: (l) => seen.push(l), error: (e) => seen.push(e) });
      jasmine.clock().tick(60_000);
      jasmine.clock().uninstall();
      expect(attempts).toBe(3);
      expect(seen).toEqual([{ items: [], synced: true }]);
      sub.unsubscribe();
    });

    it('passes a refusal on at once', () => {
      api.observe = () => new Observable((s) => s.error(forbidden()));
      let error: AttachmentError | undefined;
      songs.list().subscribe({ error: (e) => (error = e) });
      expect(error?.kind).toBe('forbidden');
    });

    it('gets one song, or null', async () => {
      api.seed({ id: 'a', name: 'A' });
      expect((await firstValueFrom(songs.get('a')))?.name).toBe('A');
      expect(await firstValueFrom(songs.get('nope'))).toBeNull();
      api.failNext.get = { error: unavailable() };
      expect((await rejection(firstValueFrom(songs.get('a')))).kind).toBe('unavailable');
    });
  });

  describe('create', () => {
    it('creates a song without a cover', async () => {
      const song = await finished(songs.create('  Blue in Green '));
      expect(song.name).toBe('Blue in Green');
      expect(api.songs.get(song.id)?.coverArtPath).toBeNull();
    });

    it('refuses an empty or 10,000-character title before any request', async () => {
      expect((await rejection(finished(songs.create('')))).kind).toBe('invalid-input');
      expect((await rejection(finished(songs.create('x'.repeat(10_000))))).message).toContain('at most 200');
      expect(api.calls).toEqual([]);
    });

    it('with a cover: uploads first under the new id, then creates the record pointing at it', async () => {
      const steps = await lastValueFrom(songs.create('With cover', pngFile('c.png')).pipe(toArray()));
      const done = steps.at(-1) as { type: 'done'; value: Song };
      expect(steps[0]).toEqual({ type: 'progress', sent: 0, total: 1000 });
      expect(done.value.coverArtPath).toMatch(new RegExp(`^images/${done.value.id}/[0-9a-f-]{36}-c\\.png$`));
      expect(storage.objects.has(done.value.coverArtPath!)).toBeTrue();
      expect(api.calls).toEqual([`create ${done.value.id}`]);
    });

    it('an invalid file creates nothing', async () => {
      const svg = new File(['<svg/>'], 'a.svg', { type: 'image/svg+xml' });
      expect((await rejection(finished(songs.create('T', svg)))).kind).toBe('invalid-file');
      expect(api.songs.size).toBe(0);
      expect(storage.uploads).toEqual([]);
    });

    it('a failed upload creates nothing', async () => {
      storage.failNext.upload = unavailable();
      expect((await rejection(finished(songs.create('T', pngFile())))).kind).toBe('unavailable');
      expect(api.songs.size).toBe(0);
      expect(storage.objects.size).toBe(0);
    });

    it('a refused create removes the upload', async () => {
      api.failNext.create = { error: forbidden() };
      expect((await rejection(finished(songs.create('T', pngFile())))).kind).toBe('forbidden');
      expect(api.songs.size).toBe(0);
      expect(storage.objects.size).toBe(0);
    });

    it('a create whose outcome is unknown keeps the upload (an orphan at worst)', async () => {
      api.failNext.create = { error: unavailable() };
      api.failNext.get = { error: unavailable() };
      expect((await rejection(finished(songs.create('T', pngFile())))).kind).toBe('unavailable');
      expect(api.songs.size).toBe(0);
      expect(orphans().length).toBe(1);
    });

    it('a create that landed although its answer was lost succeeds', async () => {
      api.failNext.create = { error: unavailable(), landed: true };
      const song = await finished(songs.create('T', pngFile()));
      expect(api.songs.get(song.id)?.coverArtPath).toBe(song.coverArtPath);
      api.failNext.create = { error: unavailable(), landed: true };
      expect((await finished(songs.create('No cover'))).name).toBe('No cover');
    });
  });

  describe('rename', () => {
    it('sends only the name, so it cannot undo a file change made meanwhile', async () => {
      const song = withCover('Old');
      const other = api.changeBehind(song.id, { coverArtPath: song.coverArtPath });
      const renamed = await firstValueFrom(songs.rename(song, 'New'));
      expect(renamed.name).toBe('New');
      expect(renamed.coverArtPath).toBe(other.coverArtPath);
    });

    it('refuses a bad title, and says when the song is gone', async () => {
      const song = withCover();
      expect((await rejection(firstValueFrom(songs.rename(song, ' ')))).kind).toBe('invalid-input');
      api.songs.delete(song.id);
      const gone = await rejection(firstValueFrom(songs.rename(song, 'x')));
      expect(gone.kind).toBe('not-found');
      expect(gone.message).toBe('“Song” no longer exists: someone deleted it.');
      storage.objects.clear();
    });
  });

  describe('setCover (attach and replace)', () => {
    it('attaches: upload, then a conditional update, with progress', async () => {
      const song = api.seed({ id: 's1', name: 'Bare' });
      const steps = await lastValueFrom(songs.setCover(song, pngFile('a.png')).pipe(toArray()));
      const updated = (steps.at(-1) as { value: Song }).value;
      expect(steps.filter((s) => s.type === 'progress').length).toBeGreaterThan(0);
      expect(updated.coverArtPath).toMatch(/^images\/s1\/.+-a\.png$/);
      expect(api.songs.get('s1')?.coverArtPath).toBe(updated.coverArtPath);
      expect(api.calls).toEqual([`update s1 {"id":"s1","coverArtPath":"${updated.coverArtPath}"}`]);
    });

    it('replaces: the old file is deleted after the record points at the new one', async () => {
      const song = withCover();
      const updated = await finished(songs.setCover(song, pngFile()));
      expect(storage.objects.has(song.coverArtPath!)).toBeFalse();
      expect(storage.objects.has(updated.coverArtPath!)).toBeTrue();
      expect(orphans()).toEqual([]);
    });

    it('replacing with a file of the same name keeps the new file', async () => {
      const first = await finished(songs.setCover(api.seed({ id: 's', name: 'S' }), pngFile('same.png')));
      const second = await finished(songs.setCover(first, pngFile('same.png')));
      expect(second.coverArtPath).not.toBe(first.coverArtPath);
      expect([...storage.objects.keys()]).toEqual([second.coverArtPath!]);
    });

    it('a failed upload changes nothing', async () => {
      const song = withCover();
      storage.failNext.upload = unavailable();
      expect((await rejection(finished(songs.setCover(song, pngFile())))).kind).toBe('unavailable');
      expect(api.songs.get(song.id)).toEqual(song);
      expect(orphans()).toEqual([]);
    });

    it('canceling mid-upload cancels the transfer and changes nothing', async () => {
      const song = withCover();
      storage.autoFinish = false;
      const sub: Subscription = songs.setCover(song, pngFile()).subscribe();
      await flush();
      sub.unsubscribe();
      expect(storage.uploads[0].canceled).toBeTrue();
      expect(api.songs.get(song.id)).toEqual(song);
      expect(orphans()).toEqual([]);
    });

    it('once the record is being pointed at the new file, leaving does not stop the remaining steps', async () => {
      const song = withCover();
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const update = api.update.bind(api);
      api.update = async (input, expect) => {
        await gate;
        return update(input, expect);
      };
      const sub = songs.setCover(song, pngFile()).subscribe();
      await flush();
      sub.unsubscribe();
      open();
      await flush();
      expect(api.songs.get(song.id)?.coverArtPath).toBe(storage.uploads[0].path);
      expect(orphans()).toEqual([]);
    });

    it('a conflict removes the new upload and keeps the other operator’s change', async () => {
      const song = withCover('Race');
      const theirs = api.changeBehind(song.id, { name: 'Race (theirs)' });
      const error = await rejection(finished(songs.setCover(song, pngFile())));
      expect(error.kind).toBe('conflict');
      expect(error.message).toContain('“Race” was changed by someone else since you opened it');
      expect(error.message).toContain('Your file was discarded.');
      expect(api.songs.get(song.id)).toEqual(theirs);
      expect(orphans()).toEqual([]);
      expect(storage.objects.has(song.coverArtPath!)).toBeTrue();
    });

    it('a song deleted meanwhile is not found, and the upload is removed', async () => {
      const song = withCover();
      api.songs.delete(song.id);
      const error = await rejection(finished(songs.setCover(song, pngFile())));
      expect(error.kind).toBe('not-found');
      expect(storage.uploads[0] && storage.objects.has(storage.uploads[0].path)).toBeFalse();
      storage.objects.delete(song.coverArtPath!);
    });

    it('a refused update removes the upload', async () => {
      const song = withCover();
      api.failNext.update = { error: forbidden() };
      expect((await rejection(finished(songs.setCover(song, pngFile())))).kind).toBe('forbidden');
      expect(api.songs.get(song.id)).toEqual(song);
      expect(orphans()).toEqual([]);
    });

    it('an update whose outcome is unknown keeps both files: an orphan at worst', async () => {
      const song = withCover();
      api.failNext.update = { error: unavailable() };
      api.failNext.get = { error: unavailable() };
      expect((await rejection(finished(songs.setCover(song, pngFile())))).kind).toBe('unavailable');
      expect(api.songs.get(song.id)).toEqual(song);
      expect(storage.objects.has(song.coverArtPath!)).toBeTrue();
      expect(orphans().length).toBe(1);
    });

    it('an update that landed although its answer was lost completes the replace', async () => {
      const song = withCover();
      api.failNext.update = { error: unavailable(), landed: true };
      const updated = await finished(songs.setCover(song, pngFile()));
      expect(api.songs.get(song.id)?.coverArtPath).toBe(updated.coverArtPath);
      expect(storage.objects.has(song.coverArtPath!)).toBeFalse();
    });

    it('when the old file cannot be deleted the replace still succeeds, leaving an orphan', async () => {
      const song = withCover();
      storage.failNext.remove = unavailable();
      const updated = await finished(songs.setCover(song, pngFile()));
      expect(api.songs.get(song.id)?.coverArtPath).toBe(updated.coverArtPath);
      expect(orphans()).toEqual([song.coverArtPath!]);
    });
  });

  describe('detach', () => {
    it('keep-file clears the reference and keeps the file', async () => {
      const song = withCover();
      const updated = await firstValueFrom(songs.detach(song, 'keep-file'));
      expect(updated.coverArtPath).toBeNull();
      expect(storage.objects.has(song.coverArtPath!)).toBeTrue();
      expect(api.calls).toEqual([`update ${song.id} {"id":"${song.id}","coverArtPath":null}`]);
    });

    it('delete-file clears the reference first, then deletes the file', async () => {
      const song = withCover();
      await firstValueFrom(songs.detach(song, 'delete-file'));
      expect(api.songs.get(song.id)?.coverArtPath).toBeNull();
      expect(storage.removed).toEqual([song.coverArtPath!]);
    });

    it('a conflict or a deletion changes nothing', async () => {
      const song = withCover();
      api.changeBehind(song.id, { name: 'theirs' });
      expect((await rejection(firstValueFrom(songs.detach(song, 'delete-file')))).kind).toBe('conflict');
      expect(storage.removed).toEqual([]);
      api.songs.delete(song.id);
      expect((await rejection(firstValueFrom(songs.detach(song, 'delete-file')))).kind).toBe('not-found');
      expect(storage.removed).toEqual([]);
    });

    it('a failed update deletes nothing', async () => {
      const song = withCover();
      api.failNext.update = { error: unavailable() };
      expect((await rejection(firstValueFrom(songs.detach(song, 'delete-file')))).kind).toBe('unavailable');
      expect(api.songs.get(song.id)).toEqual(song);
      expect(storage.removed).toEqual([]);
    });

    it('a failed file deletion says the cover was detached and the file is left', async () => {
      const song = withCover('Half');
      storage.failNext.remove = unavailable();
      const error = await rejection(firstValueFrom(songs.detach(song, 'delete-file')));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain('The cover was detached from “Half”, but its file could not be deleted');
      expect(api.songs.get(song.id)?.coverArtPath).toBeNull();
      expect(orphans()).toEqual([song.coverArtPath!]);
    });

    it('refuses a song without a cover', async () => {
      const song = api.seed({ id: 'bare', name: 'Bare' });
      expect((await rejection(firstValueFrom(songs.detach(song, 'keep-file')))).kind).toBe('invalid-input');
      expect(api.calls).toEqual([]);
    });
  });

  describe('delete', () => {
    const deleting = (song: Song, disposal: 'keep-file' | 'delete-file') =>
      lastValueFrom(songs.delete(song, disposal), { defaultValue: undefined });

    it('keep-file deletes the record and keeps the file', async () => {
      const song = withCover();
      await deleting(song, 'keep-file');
      expect(api.songs.has(song.id)).toBeFalse();
      expect(storage.objects.has(song.coverArtPath!)).toBeTrue();
    });

    it('delete-file deletes the record first, then its file', async () => {
      const song = withCover();
      await deleting(song, 'delete-file');
      expect(api.songs.has(song.id)).toBeFalse();
      expect(storage.objects.size).toBe(0);
      expect(api.calls).toEqual([`delete ${song.id}`]);
    });

    it('a conflict, a deletion meanwhile or a refusal deletes nothing', async () => {
      const song = withCover();
      api.changeBehind(song.id, { name: 'theirs' });
      expect((await rejection(deleting(song, 'delete-file'))).kind).toBe('conflict');
      const current = api.songs.get(song.id)!;
      api.failNext.delete = { error: forbidden() };
      expect((await rejection(deleting(current, 'delete-file'))).kind).toBe('forbidden');
      api.songs.delete(song.id);
      expect((await rejection(deleting(current, 'delete-file'))).kind).toBe('not-found');
      expect(storage.removed).toEqual([]);
    });

    it('a failed file deletion says the song was deleted and the file is left', async () => {
      const song = withCover('Gone');
      storage.failNext.remove = forbidden();
      const error = await rejection(deleting(song, 'delete-file'));
      expect(error.kind).toBe('forbidden');
      expect(error.message).toBe(
        '“Gone” was deleted, but its cover file could not be deleted: Your role does not allow this. The orphan report lists the file.',
      );
      expect(api.songs.has(song.id)).toBeFalse();
      expect(orphans()).toEqual([song.coverArtPath!]);
    });

    it('a song without a cover is just deleted', async () => {
      const song = api.seed({ id: 'bare', name: 'Bare' });
      await deleting(song, 'delete-file');
      expect(api.songs.size).toBe(0);
      expect(storage.removed).toEqual([]);
    });
  });

  it('every method fails with AttachmentError only', async () => {
    api.failNext.get = { error: new Error('raw') as AttachmentError };
    const error = await rejection(firstValueFrom(songs.get('x').pipe(take(1))));
    expect(error).toBeInstanceOf(AttachmentError);
    expect(error.kind).toBe('unknown');
  });
});

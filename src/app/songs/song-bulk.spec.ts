import { TestBed } from '@angular/core/testing';
import { filter, firstValueFrom } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { STORAGE_API } from '../attachments/storage-api';
import { FakeStorageApi } from '../attachments/testing/fake-storage-api';
import type { Job } from '../jobs/job';
import type { Song } from './song';
import { SONG_API } from './song-api';
import { SongBulk, bulkTitle } from './song-bulk';
import { FakeSongApi } from './testing/fake-song-api';

const unavailable = () => new AttachmentError('unavailable', 'The backend cannot be reached.');
const through = <T>(job: Job<T>) =>
  firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')));

describe('SongBulk (on SongService and the engine, over in-memory Data and Storage)', () => {
  let api: FakeSongApi;
  let storage: FakeStorageApi;
  let bulk: SongBulk;

  beforeEach(() => {
    api = new FakeSongApi();
    storage = new FakeStorageApi();
    TestBed.configureTestingModule({
      providers: [
        { provide: SONG_API, useValue: api },
        { provide: STORAGE_API, useValue: storage },
      ],
    });
    bulk = TestBed.inject(SongBulk);
  });

  afterEach(() => {
    for (const song of api.songs.values()) {
      if (song.coverArtPath) expect(storage.objects.has(song.coverArtPath)).withContext(song.name).toBeTrue();
    }
  });

  function withCover(name: string): Song {
    const id = crypto.randomUUID();
    const path = `images/${id}/x-${name}.png`;
    storage.put(path);
    return api.seed({ id, name, coverArtPath: path });
  }

  it('names the job after the action and the count', () => {
    expect(bulkTitle({ kind: 'delete', disposal: 'delete-file' }, 20)).toBe('Delete 20 songs and their covers');
    expect(bulkTitle({ kind: 'delete', disposal: 'keep-file' }, 1)).toBe('Delete 1 song, keep their cover files');
    expect(bulkTitle({ kind: 'detach', disposal: 'keep-file' }, 3)).toBe(
      'Detach the covers of 3 songs, keep the files',
    );
  });

  it('deletes the songs and their covers, the record before its file', async () => {
    const songs = ['A', 'B', 'C'].map(withCover);
    const job = bulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ state: 'finished', done: 3, failed: 0 }));
    expect(api.songs.size).toBe(0);
    expect(storage.objects.size).toBe(0);
    const a = songs[0]!;
    expect(api.calls.indexOf(`delete ${a.id}`)).toBeGreaterThanOrEqual(0);
    expect(storage.removed).toContain(a.coverArtPath!);
  });

  it('keeps the files when asked', async () => {
    const songs = ['A', 'B'].map(withCover);
    await through(bulk.start({ kind: 'delete', disposal: 'keep-file' }, songs));
    expect(api.songs.size).toBe(0);
    expect([...storage.objects.keys()].sort()).toEqual(songs.map((s) => s.coverArtPath!).sort());
  });

  it('a failed file step fails the item (an orphan at worst); retry deletes only the file', async () => {
    const songs = ['A', 'B', 'C'].map(withCover);
    storage.failNext.remove = unavailable();
    const job = bulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
    let p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 1 }));
    const failed = job.results().find((r) => r.status === 'failed')!;
    expect(failed.reason).toContain('was deleted, but its cover file could not be');
    expect(api.songs.size).toBe(0);
    expect(storage.objects.size).toBe(1);

    const deletesBefore = api.calls.filter((c) => c.startsWith('delete')).length;
    expect(job.retryFailed()).toBeTrue();
    p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 3, failed: 0 }));
    expect(storage.objects.size).toBe(0);
    // The retry asked once more for the record (gone) and then deleted the file.
    expect(api.calls.filter((c) => c.startsWith('delete')).length).toBe(deletesBefore + 1);
  });

  it('a failed record step changes nothing for that song, and the job goes on', async () => {
    const songs = ['A', 'B', 'C'].map(withCover);
    api.failNext.delete = { error: unavailable() };
    const job = bulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 1 }));
    expect(api.songs.size).toBe(1);
    expect(storage.objects.size).toBe(1);
    expect(job.results().find((r) => r.status === 'failed')!.reason).toBe('The backend cannot be reached.');
  });

  it('a delete that landed although its answer was lost counts as done on retry', async () => {
    const [a] = ['A'].map(withCover);
    api.failNext.delete = { error: unavailable(), landed: true };
    const job = bulk.start({ kind: 'delete', disposal: 'delete-file' }, [a!]);
    await through(job);
    expect(api.songs.size).toBe(0);
    expect(storage.objects.size).toBe(1);
    job.retryFailed();
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 0 }));
    expect(storage.objects.size).toBe(0);
  });

  it('a file already gone counts as deleted', async () => {
    const a = withCover('A');
    storage.objects.delete(a.coverArtPath!);
    const p = await through(bulk.start({ kind: 'delete', disposal: 'delete-file' }, [a]));
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 0 }));
  });

  it('skips a song someone else changed since it was selected', async () => {
    const a = withCover('A');
    api.changeBehind(a.id, { name: 'A (renamed)' });
    const job = bulk.start({ kind: 'delete', disposal: 'delete-file' }, [a]);
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 0, skipped: 1 }));
    expect(job.results()[0]!.reason).toContain('Changed by someone else');
    expect(api.songs.size).toBe(1);
  });

  it('detaches covers, deleting the files after the references; retry after a failed file step', async () => {
    const songs = ['A', 'B'].map(withCover);
    const none = api.seed({ id: 'plain', name: 'Plain', coverArtPath: null });
    storage.failNext.remove = unavailable();
    const job = bulk.start({ kind: 'detach', disposal: 'delete-file' }, [...songs, none]);
    let p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 1, skipped: 1 }));
    expect(job.results()[2]!.reason).toBe('It has no cover.');
    expect([...api.songs.values()].every((s) => s.coverArtPath === null)).toBeTrue();
    expect(storage.objects.size).toBe(1);
    job.retryFailed();
    p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 0, skipped: 1 }));
    expect(storage.objects.size).toBe(0);
  });

  it('detach keeping the files clears the references only', async () => {
    const songs = ['A', 'B'].map(withCover);
    await through(bulk.start({ kind: 'detach', disposal: 'keep-file' }, songs));
    expect([...api.songs.values()].map((s) => s.coverArtPath)).toEqual([null, null]);
    expect(storage.objects.size).toBe(2);
  });
});

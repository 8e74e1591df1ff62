import { SongServicesBed } from '../../testing/song-services-bed';
import { through } from '../../testing/waits';
import { unavailable } from '../attachments/testing/attachment-errors';
import { bulkTitle } from './song-bulk';

describe('SongBulk (on SongService and the engine, over in-memory Data and Storage)', () => {
  let bed: SongServicesBed;
  beforeEach(() => (bed = new SongServicesBed()));
  afterEach(() => expect(bed.danglingCovers()).toEqual([]));

  it('names the job after the action and the count', () => {
    expect(bulkTitle({ kind: 'delete', disposal: 'delete-file' }, 20)).toBe('Delete 20 songs and their covers');
    expect(bulkTitle({ kind: 'delete', disposal: 'keep-file' }, 1)).toBe('Delete 1 song, keep their cover files');
    expect(bulkTitle({ kind: 'detach', disposal: 'keep-file' }, 3)).toBe(
      'Detach the covers of 3 songs, keep the files',
    );
  });

  it('deletes the songs and their covers, the record before its file', async () => {
    const songs = ['A', 'B', 'C'].map((name) => bed.withCover(name));
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ state: 'finished', done: 3, failed: 0 }));
    expect(bed.api.songs.size).toBe(0);
    expect(bed.storage.objects.size).toBe(0);
    const a = songs[0]!;
    expect(bed.api.calls.indexOf(`delete ${a.id}`)).toBeGreaterThanOrEqual(0);
    expect(bed.storage.removed).toContain(a.coverArtPath!);
  });

  it('deletes every song matching a search on the server, page by page, keeping no item for an Undo', async () => {
    const songs = Array.from({ length: 1_200 }, (_, i) => bed.withCover(i % 2 ? `Blue ${i}` : `Red ${i}`));
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-file' }, { search: 'blue' });
    expect(job.title).toBe('Delete every song matching “blue” and their covers');
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ state: 'finished', done: 600, failed: 0, total: 600, more: false }));
    expect([...bed.api.songs.values()].every((s) => s.name.startsWith('Red'))).toBeTrue();
    expect(bed.api.songs.size).toBe(600);
    expect(bed.storage.objects.size).toBe(600);
    const blueCovers = songs.filter((s) => s.name.startsWith('Blue')).map((s) => s.coverArtPath!);
    expect(blueCovers.every((path) => bed.storage.removed.includes(path))).toBeTrue();
    // Read a page at a time (1,000 songs a list call, then filtered on the server), nothing kept.
    expect(bed.api.calls.filter((c) => c.startsWith('list')).length).toBe(2);
    expect(job.results()).toEqual([]);
    expect(job.undo).toBeUndefined();
  });

  it('detaches the covers of every song, reading only songs with one', async () => {
    ['A', 'B'].forEach((name) => bed.withCover(name));
    bed.api.seed({ id: crypto.randomUUID(), name: 'C', coverArtPath: null });
    const p = await through(bed.bulk.start({ kind: 'detach', disposal: 'delete-file' }, { search: '' }));
    expect(p).toEqual(jasmine.objectContaining({ done: 2, skipped: 0, total: 2 }));
    expect([...bed.api.songs.values()].every((s) => !s.coverArtPath)).toBeTrue();
    expect(bed.storage.objects.size).toBe(0);
  });

  it('keeps the files when asked', async () => {
    const songs = ['A', 'B'].map((name) => bed.withCover(name));
    await through(bed.bulk.start({ kind: 'delete', disposal: 'keep-file' }, songs));
    expect(bed.api.songs.size).toBe(0);
    expect([...bed.storage.objects.keys()].sort()).toEqual(songs.map((s) => s.coverArtPath!).sort());
  });

  it('a failed file step fails the item (an orphan at worst); retry deletes only the file', async () => {
    const songs = ['A', 'B', 'C'].map((name) => bed.withCover(name));
    bed.storage.failNext.remove = unavailable();
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
    let p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 1 }));
    const failed = job.results().find((r) => r.status === 'failed')!;
    expect(failed.reason).toContain('was deleted, but its cover file could not be');
    expect(bed.api.songs.size).toBe(0);
    expect(bed.storage.objects.size).toBe(1);

    const deletesBefore = bed.api.calls.filter((c) => c.startsWith('delete')).length;
    expect(job.retryFailed()).toBeTrue();
    p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 3, failed: 0 }));
    expect(bed.storage.objects.size).toBe(0);
    // The retry asked once more for the record (gone) and then deleted the file.
    expect(bed.api.calls.filter((c) => c.startsWith('delete')).length).toBe(deletesBefore + 1);
  });

  it('a failed record step changes nothing for that song, and the job goes on', async () => {
    const songs = ['A', 'B', 'C'].map((name) => bed.withCover(name));
    bed.api.failNext.delete = { error: unavailable() };
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 1 }));
    expect(bed.api.songs.size).toBe(1);
    expect(bed.storage.objects.size).toBe(1);
    expect(job.results().find((r) => r.status === 'failed')!.reason).toBe('The backend cannot be reached.');
  });

  it('a delete that landed although its answer was lost counts as done on retry', async () => {
    const [a] = ['A'].map((name) => bed.withCover(name));
    bed.api.failNext.delete = { error: unavailable(), landed: true };
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-file' }, [a!]);
    await through(job);
    expect(bed.api.songs.size).toBe(0);
    expect(bed.storage.objects.size).toBe(1);
    job.retryFailed();
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 0 }));
    expect(bed.storage.objects.size).toBe(0);
  });

  it('a file already gone counts as deleted', async () => {
    const a = bed.withCover('A');
    bed.storage.objects.delete(a.coverArtPath!);
    const p = await through(bed.bulk.start({ kind: 'delete', disposal: 'delete-file' }, [a]));
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 0 }));
  });

  it('skips a song someone else changed since it was selected', async () => {
    const a = bed.withCover('A');
    bed.api.changeBehind(a.id, { name: 'A (renamed)' });
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-file' }, [a]);
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 0, skipped: 1 }));
    expect(job.results()[0]!.reason).toContain('Changed by someone else');
    expect(bed.api.songs.size).toBe(1);
  });

  it('detaches covers, deleting the files after the references; retry after a failed file step', async () => {
    const songs = ['A', 'B'].map((name) => bed.withCover(name));
    const none = bed.api.seed({ id: 'plain', name: 'Plain', coverArtPath: null });
    bed.storage.failNext.remove = unavailable();
    const job = bed.bulk.start({ kind: 'detach', disposal: 'delete-file' }, [...songs, none]);
    let p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 1, skipped: 1 }));
    expect(job.results()[2]!.reason).toBe('It has no cover.');
    expect([...bed.api.songs.values()].every((s) => s.coverArtPath === null)).toBeTrue();
    expect(bed.storage.objects.size).toBe(1);
    job.retryFailed();
    p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 0, skipped: 1 }));
    expect(bed.storage.objects.size).toBe(0);
  });

  it('detach keeping the files clears the references only', async () => {
    const songs = ['A', 'B'].map((name) => bed.withCover(name));
    await through(bed.bulk.start({ kind: 'detach', disposal: 'keep-file' }, songs));
    expect([...bed.api.songs.values()].map((s) => s.coverArtPath)).toEqual([null, null]);
    expect(bed.storage.objects.size).toBe(2);
  });
});

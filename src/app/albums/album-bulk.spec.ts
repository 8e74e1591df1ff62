import { through } from '../../testing/waits';
import { unavailable } from '../attachments/testing/attachment-errors';
import { albumBulkTitle } from './album-bulk';
import { AlbumServicesBed } from './testing/album-services-bed';

describe('AlbumBulk (on AlbumService and the engine, over in-memory Data and Storage)', () => {
  let bed: AlbumServicesBed;
  beforeEach(() => (bed = new AlbumServicesBed()));
  // The invariant: no album points at a missing file.
  afterEach(() => expect(bed.danglingImages()).toEqual([]));

  it('names the job after the action and the count', () => {
    expect(albumBulkTitle({ kind: 'delete', disposal: 'delete-files' }, 3)).toBe('Delete 3 albums and their images');
    expect(albumBulkTitle({ kind: 'delete', disposal: 'keep-files' }, 1)).toBe(
      'Delete 1 album, keep their image files',
    );
    expect(albumBulkTitle({ kind: 'detach', disposal: 'keep-files' }, 2)).toBe(
      'Detach all images of 2 albums, keep the files',
    );
  });

  it('deletes every album matching a search on the server, page by page, keeping no item for an Undo', async () => {
    for (let i = 0; i < 12; i++) bed.withImages(i % 2 ? `Trip ${i}` : `Home ${i}`, 2);
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-files' }, { search: 'trip' });
    expect(job.title).toBe('Delete every album matching “trip” and their images');
    expect(await through(job)).toEqual(jasmine.objectContaining({ state: 'finished', done: 6, total: 6, more: false }));
    expect([...bed.table.rows.values()].every((a) => a.name.startsWith('Home'))).toBeTrue();
    expect(bed.bucket.objects.size).toBe(12);
    expect(job.results()).toEqual([]);
    expect(job.undo).toBeUndefined();
  });

  it('deletes albums and then their files; keeps the files when asked', async () => {
    const [a, b] = [bed.withImages('A', 3), bed.withImages('B', 2)];
    let p = await through(bed.bulk.start({ kind: 'delete', disposal: 'delete-files' }, [a, b]));
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 0 }));
    expect(bed.table.rows.size).toBe(0);
    expect(bed.bucket.objects.size).toBe(0);

    const c = bed.withImages('C', 2);
    p = await through(bed.bulk.start({ kind: 'delete', disposal: 'keep-files' }, [c]));
    expect(p.done).toBe(1);
    expect(bed.bucket.objects.size).toBe(2);
  });

  it('a failed file step fails the item, the album already gone; retry deletes only the files left', async () => {
    const a = bed.withImages('A', 3);
    let refuse = true;
    bed.bucket.failRemove = (path) => (refuse && path.endsWith('1.png') ? unavailable() : undefined);
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-files' }, [a]);
    let p = await through(job);
    expect(p.failed).toBe(1);
    expect(job.results()[0]!.reason).toContain('1 of its 3 files could not be');
    expect(bed.table.rows.size).toBe(0);
    expect([...bed.bucket.objects.keys()]).toEqual([a.imagePaths[1]!]);

    refuse = false;
    job.retryFailed();
    p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 0 }));
    expect(bed.bucket.objects.size).toBe(0);
  });

  it('a failed record step changes nothing; an album changed meanwhile is skipped', async () => {
    const [a, b] = [bed.withImages('A', 1), bed.withImages('B', 1)];
    bed.table.fail('delete', unavailable());
    bed.table.change(b.id, [...b.imagePaths]);
    const job = bed.bulk.start({ kind: 'delete', disposal: 'delete-files' }, [a, b]);
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 0, failed: 1, skipped: 1 }));
    expect(bed.table.rows.size).toBe(2);
    expect(bed.bucket.objects.size).toBe(2);
    expect(job.results()[1]!.reason).toContain('Changed by someone else');
  });

  it('detaches all images, the list first and the files after; a retry after a lost answer finishes the files', async () => {
    const [a, b, empty] = [bed.withImages('A', 2), bed.withImages('B', 2), bed.table.seed('Empty')];
    bed.table.fail('update', unavailable(), true);
    const job = bed.bulk.start({ kind: 'detach', disposal: 'delete-files' }, [a, b, empty]);
    let p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 1, skipped: 1 }));
    expect([...bed.table.rows.values()].every((x) => x.imagePaths.length === 0)).toBeTrue();
    expect(bed.bucket.objects.size).toBe(2);
    job.retryFailed();
    p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 0, skipped: 1 }));
    expect(bed.bucket.objects.size).toBe(0);
  });

  it('detach keeping the files empties the lists only', async () => {
    const a = bed.withImages('A', 2);
    await through(bed.bulk.start({ kind: 'detach', disposal: 'keep-files' }, [a]));
    expect(bed.table.rows.get(a.id)!.imagePaths).toEqual([]);
    expect(bed.bucket.objects.size).toBe(2);
  });
});

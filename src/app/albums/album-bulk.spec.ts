import { TestBed } from '@angular/core/testing';
import { filter, firstValueFrom } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { STORAGE_API } from '../attachments/storage-api';
import type { Job } from '../jobs/job';
import type { PhotoAlbum } from './album';
import { ALBUM_API } from './album-api';
import { AlbumBulk, albumBulkTitle } from './album-bulk';
import { FakeAlbumTable, FakeBucket } from './testing/fake-album-backend';

const unavailable = () => new AttachmentError('unavailable', 'The backend cannot be reached.');
const through = <T>(job: Job<T>) => firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished')));

describe('AlbumBulk (on AlbumService and the engine, over in-memory Data and Storage)', () => {
  let table: FakeAlbumTable;
  let bucket: FakeBucket;
  let bulk: AlbumBulk;

  beforeEach(() => {
    table = new FakeAlbumTable();
    bucket = new FakeBucket();
    TestBed.configureTestingModule({
      providers: [
        { provide: ALBUM_API, useValue: table },
        { provide: STORAGE_API, useValue: bucket },
      ],
    });
    bulk = TestBed.inject(AlbumBulk);
  });

  // The invariant: no album points at a missing file.
  afterEach(() => {
    for (const album of table.rows.values()) {
      for (const path of album.imagePaths) expect(bucket.objects.has(path)).withContext(album.name).toBeTrue();
    }
  });

  function withImages(name: string, n: number): PhotoAlbum {
    const id = crypto.randomUUID();
    const paths = Array.from({ length: n }, (_, i) => `images/${id}/${i}.png`);
    paths.forEach((p) => bucket.put(p));
    return table.seed(name, paths, id);
  }

  it('names the job after the action and the count', () => {
    expect(albumBulkTitle({ kind: 'delete', disposal: 'delete-files' }, 3)).toBe('Delete 3 albums and their images');
    expect(albumBulkTitle({ kind: 'delete', disposal: 'keep-files' }, 1)).toBe(
      'Delete 1 album, keep their image files',
    );
    expect(albumBulkTitle({ kind: 'detach', disposal: 'keep-files' }, 2)).toBe(
      'Detach all images of 2 albums, keep the files',
    );
  });

  it('deletes albums and then their files; keeps the files when asked', async () => {
    const [a, b] = [withImages('A', 3), withImages('B', 2)];
    let p = await through(bulk.start({ kind: 'delete', disposal: 'delete-files' }, [a, b]));
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 0 }));
    expect(table.rows.size).toBe(0);
    expect(bucket.objects.size).toBe(0);

    const c = withImages('C', 2);
    p = await through(bulk.start({ kind: 'delete', disposal: 'keep-files' }, [c]));
    expect(p.done).toBe(1);
    expect(bucket.objects.size).toBe(2);
  });

  it('a failed file step fails the item, the album already gone; retry deletes only the files left', async () => {
    const a = withImages('A', 3);
    let refuse = true;
    bucket.failRemove = (path) => (refuse && path.endsWith('1.png') ? unavailable() : undefined);
    const job = bulk.start({ kind: 'delete', disposal: 'delete-files' }, [a]);
    let p = await through(job);
    expect(p.failed).toBe(1);
    expect(job.results()[0]!.reason).toContain('1 of its 3 files could not be');
    expect(table.rows.size).toBe(0);
    expect([...bucket.objects.keys()]).toEqual([a.imagePaths[1]!]);

    refuse = false;
    job.retryFailed();
    p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 0 }));
    expect(bucket.objects.size).toBe(0);
  });

  it('a failed record step changes nothing; an album changed meanwhile is skipped', async () => {
    const [a, b] = [withImages('A', 1), withImages('B', 1)];
    table.fail('delete', unavailable());
    table.change(b.id, [...b.imagePaths]);
    const job = bulk.start({ kind: 'delete', disposal: 'delete-files' }, [a, b]);
    const p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 0, failed: 1, skipped: 1 }));
    expect(table.rows.size).toBe(2);
    expect(bucket.objects.size).toBe(2);
    expect(job.results()[1]!.reason).toContain('Changed by someone else');
  });

  it('detaches all images, the list first and the files after; a retry after a lost answer finishes the files', async () => {
    const [a, b, empty] = [withImages('A', 2), withImages('B', 2), table.seed('Empty')];
    table.fail('update', unavailable(), true);
    const job = bulk.start({ kind: 'detach', disposal: 'delete-files' }, [a, b, empty]);
    let p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 1, failed: 1, skipped: 1 }));
    expect([...table.rows.values()].every((x) => x.imagePaths.length === 0)).toBeTrue();
    expect(bucket.objects.size).toBe(2);
    job.retryFailed();
    p = await through(job);
    expect(p).toEqual(jasmine.objectContaining({ done: 2, failed: 0, skipped: 1 }));
    expect(bucket.objects.size).toBe(0);
  });

  it('detach keeping the files empties the lists only', async () => {
    const a = withImages('A', 2);
    await through(bulk.start({ kind: 'detach', disposal: 'keep-files' }, [a]));
    expect(table.rows.get(a.id)!.imagePaths).toEqual([]);
    expect(bucket.objects.size).toBe(2);
  });
});

import { TestBed } from '@angular/core/testing';
import { lastValueFrom } from 'rxjs';
import { STORAGE_API } from '../../attachments/storage-api';
import type { AddResult, PhotoAlbum } from '../album';
import { ALBUM_API } from '../album-api';
import { AlbumBulk } from '../album-bulk';
import { AlbumService } from '../album-service';
import { FakeAlbumTable, FakeBucket, png } from './fake-album-backend';

export interface AlbumServicesBed {
  table: FakeAlbumTable;
  bucket: FakeBucket;
  albums: AlbumService;
  bulk: AlbumBulk;
  /** Adds `files` through the service; the result of its last step. */
  add(album: PhotoAlbum, files: File[]): Promise<AddResult>;
  /** An album holding `n` images uploaded through the service. */
  albumWith(n: number): Promise<PhotoAlbum>;
  /** An album seeded with `n` images already in the bucket. */
  withImages(name: string, n: number): PhotoAlbum;
}

/**
 * For a spec of the album services (AlbumService, AlbumBulk) on the real engine: before each
 * test, a TestBed over an in-memory table and bucket. With `noDangling`, after each test, the
 * invariant of every workflow: no album points at a missing file (specs that play another
 * operator's change with made-up paths leave it out). Read the fields inside tests.
 */
export function albumServicesBed(options: { noDangling?: boolean } = {}): AlbumServicesBed {
  const bed = {
    get albums() {
      return TestBed.inject(AlbumService);
    },
    get bulk() {
      return TestBed.inject(AlbumBulk);
    },
    add: (album, files) =>
      lastValueFrom(bed.albums.addFiles(album, files)).then((s) => (s as { value: AddResult }).value),
    async albumWith(n) {
      const album = bed.table.seed('Holiday');
      if (n === 0) return album;
      const result = await bed.add(
        album,
        Array.from({ length: n }, (_, i) => png(`img${i}.png`)),
      );
      return result.album;
    },
    withImages(name, n) {
      const id = crypto.randomUUID();
      const paths = Array.from({ length: n }, (_, i) => `images/${id}/${i}.png`);
      paths.forEach((p) => bed.bucket.put(p));
      return bed.table.seed(name, paths, id);
    },
  } as AlbumServicesBed;

  beforeEach(() => {
    bed.table = new FakeAlbumTable();
    bed.bucket = new FakeBucket();
    TestBed.configureTestingModule({
      providers: [
        { provide: ALBUM_API, useValue: bed.table },
        { provide: STORAGE_API, useValue: bed.bucket },
      ],
    });
  });

  afterEach(() => {
    if (!options.noDangling) return;
    for (const album of bed.table.rows.values()) {
      for (const path of album.imagePaths) expect(bed.bucket.objects.has(path)).withContext(album.name).toBeTrue();
    }
  });

  return bed;
}

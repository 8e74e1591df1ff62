import { TestBed } from '@angular/core/testing';
import { lastValueFrom } from 'rxjs';
import { STORAGE_API } from '../../attachments/storage-api';
import { FILE_VERSIONS } from '../../recovery/bulk-undo';
import { FakeFileVersions } from '../../recovery/testing/fake-file-versions';
import type { AddResult, PhotoAlbum } from '../album';
import { ALBUM_API } from '../album-api';
import { AlbumBulk } from '../album-bulk';
import { AlbumService } from '../album-service';
import { FakeAlbumTable, FakeBucket, png } from './fake-album-backend';

/**
 * The album services (AlbumService, AlbumBulk) on the real engine, over an in-memory table and
 * bucket: configures the TestBed when made, so make one in each `beforeEach`.
 */
export class AlbumServicesBed {
  readonly table = new FakeAlbumTable();
  readonly bucket = new FakeBucket();
  readonly albums: AlbumService;

  constructor() {
    TestBed.configureTestingModule({
      providers: [
        { provide: ALBUM_API, useValue: this.table },
        { provide: STORAGE_API, useValue: this.bucket },
        { provide: FILE_VERSIONS, useValue: new FakeFileVersions(this.bucket) },
      ],
    });
    this.albums = TestBed.inject(AlbumService);
  }

  get bulk(): AlbumBulk {
    return TestBed.inject(AlbumBulk);
  }

  /** Adds `files` through the service; the result of its last step. */
  add(album: PhotoAlbum, files: File[]): Promise<AddResult> {
    return lastValueFrom(this.albums.addFiles(album, files)).then((s) => (s as { value: AddResult }).value);
  }

  /** An album holding `n` images uploaded through the service. */
  async albumWith(n: number): Promise<PhotoAlbum> {
    const album = this.table.seed('Holiday');
    if (n === 0) return album;
    const result = await this.add(
      album,
      Array.from({ length: n }, (_, i) => png(`img${i}.png`)),
    );
    return result.album;
  }

  /** An album seeded with `n` images already in the bucket. */
  withImages(name: string, n: number): PhotoAlbum {
    const id = crypto.randomUUID();
    const paths = Array.from({ length: n }, (_, i) => `images/${id}/${i}.png`);
    paths.forEach((p) => this.bucket.put(p));
    return this.table.seed(name, paths, id);
  }

  /** `album: path` for every image path whose file is not in the bucket (the invariant: none). */
  danglingImages(): string[] {
    return [...this.table.rows.values()].flatMap((album) =>
      album.imagePaths.filter((path) => !this.bucket.objects.has(path)).map((path) => `${album.name}: ${path}`),
    );
  }
}

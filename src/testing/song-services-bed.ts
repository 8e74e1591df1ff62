import { TestBed } from '@angular/core/testing';
import { STORAGE_API } from '../app/attachments/storage-api';
import { FakeStorageApi } from '../app/attachments/testing/fake-storage-api';
import { FILE_VERSIONS } from '../app/recovery/bulk-undo';
import { FakeFileVersions } from '../app/recovery/testing/fake-file-versions';
import type { Song } from '../app/songs/song';
import { SONG_API } from '../app/songs/song-api';
import { SongBulk } from '../app/songs/song-bulk';
import { SongService } from '../app/songs/song-service';
import { FakeSongApi } from '../app/songs/testing/fake-song-api';

/**
 * The song services (SongService, SongBulk) on the real engine, over in-memory Data and
 * Storage: configures the TestBed when made, so make one in each `beforeEach`.
 */
export class SongServicesBed {
  readonly api = new FakeSongApi();
  readonly storage = new FakeStorageApi();
  /** The bucket's versions, which a bulk job reads before it deletes and Undo restores. */
  readonly versions = new FakeFileVersions(this.storage);
  readonly songs: SongService;

  constructor() {
    TestBed.configureTestingModule({
      providers: [
        { provide: SONG_API, useValue: this.api },
        { provide: STORAGE_API, useValue: this.storage },
        { provide: FILE_VERSIONS, useValue: this.versions },
      ],
    });
    this.songs = TestBed.inject(SongService);
  }

  get bulk(): SongBulk {
    return TestBed.inject(SongBulk);
  }

  /** A stored song whose cover is in Storage. */
  withCover(name = 'Song'): Song {
    const id = crypto.randomUUID();
    const path = `images/${id}/x-${name}.png`;
    this.storage.put(path);
    return this.api.seed({ id, name, coverArtPath: path });
  }

  /** Stored files no song points at. */
  orphans(): string[] {
    const referenced = new Set([...this.api.songs.values()].map((s) => s.coverArtPath));
    return [...this.storage.objects.keys()].filter((p) => !referenced.has(p));
  }

  /** `song: path` for every cover whose file is not in Storage (the invariant of every workflow: none). */
  danglingCovers(): string[] {
    return [...this.api.songs.values()]
      .filter((song) => song.coverArtPath && !this.storage.objects.has(song.coverArtPath))
      .map((song) => `${song.name}: ${song.coverArtPath}`);
  }
}

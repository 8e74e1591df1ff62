import '@angular/compiler';
import assert from 'node:assert/strict';
import { Injector } from '@angular/core';
import { asyncScheduler, filter, lastValueFrom } from 'rxjs';
import * as data from 'aws-amplify/data';
import { ALBUM_API, createAmplifyAlbumApi } from '../src/app/albums/album-api.ts';
import { ALBUM_BULK_CONCURRENCY, AlbumBulk } from '../src/app/albums/album-bulk.ts';
import { AlbumService } from '../src/app/albums/album-service.ts';
import { JOB_SCHEDULER, JOB_SETTINGS, JobRunner } from '../src/app/jobs/job-runner.ts';
import type { Song } from '../src/app/songs/song.ts';
import { SONG_API, createAmplifySongApi } from '../src/app/songs/song-api.ts';
import { SONG_BULK_CONCURRENCY, SongBulk } from '../src/app/songs/song-bulk.ts';
import { SongService } from '../src/app/songs/song-service.ts';
import { ENGINE_PROVIDERS, FILE_REFERENCE_PROVIDERS, UNDO_PROVIDERS, png } from './console-services.ts';

/**
 * The app's song and album services and bulk jobs as one browser tab has them, with the
 * shared-file check and Undo, on the real aws-amplify client (the modules the tests configure).
 */
export function songAlbumServices() {
  const injector = Injector.create({
    providers: [
      SongService,
      SongBulk,
      AlbumService,
      AlbumBulk,
      JobRunner,
      ...ENGINE_PROVIDERS,
      ...FILE_REFERENCE_PROVIDERS,
      ...UNDO_PROVIDERS,
      { provide: SONG_API, useFactory: () => createAmplifySongApi(async () => data) },
      { provide: ALBUM_API, useFactory: () => createAmplifyAlbumApi(async () => data) },
      { provide: JOB_SETTINGS, useValue: { concurrency: 8 } },
      { provide: JOB_SCHEDULER, useValue: asyncScheduler },
      { provide: SONG_BULK_CONCURRENCY, useValue: 32 },
      { provide: ALBUM_BULK_CONCURRENCY, useValue: 8 },
    ],
  });
  return {
    songs: injector.get(SongService),
    songBulk: injector.get(SongBulk),
    albums: injector.get(AlbumService),
    albumBulk: injector.get(AlbumBulk),
    runner: injector.get(JobRunner),
    songApi: injector.get(SONG_API),
    albumApi: injector.get(ALBUM_API),
  };
}

/** A song made through the console with a 2 KB cover of `fill` bytes. */
export async function songWithCover(songs: SongService, name: string, fill?: number): Promise<Song> {
  const done = await lastValueFrom(songs.create(name, png('cover.png', fill)).pipe(filter((t) => t.type === 'done')));
  assert.ok(done.value.coverArtPath);
  return done.value;
}

import { TestBed } from '@angular/core/testing';
import type { Routes } from '@angular/router';
import { AttachmentEngine } from '../app/attachments/attachment-engine';
import { Reachability } from '../app/core/backend/reachability';
import { FILE_VERSIONS } from '../app/recovery/bulk-undo';
import { FakeFileVersions } from '../app/recovery/testing/fake-file-versions';
import { SongService } from '../app/songs/song-service';
import type { FakeAuthClient } from './fake-auth-client';
import { FakeAttachmentEngine, FakeSongService } from './fake-songs';
import { FakeReachability } from './fake-reachability';
import { setUpScreen } from './screen-testbed';

export interface SongsTestBed {
  songs: FakeSongService;
  engine: FakeAttachmentEngine;
  auth: FakeAuthClient;
  reachability: FakeReachability;
}

/** TestBed for the Songs screens: fake service and engine, a user in `groups`, the real Notifier. */
export async function setUpSongs(groups: string[], routes: Routes = []): Promise<SongsTestBed> {
  const songs = new FakeSongService();
  const engine = new FakeAttachmentEngine();
  const auth = await setUpScreen(groups, routes, [
    { provide: SongService, useValue: songs },
    { provide: AttachmentEngine, useValue: engine },
    { provide: Reachability, useClass: FakeReachability },
    { provide: FILE_VERSIONS, useValue: new FakeFileVersions({ objects: engine.files }) },
  ]);
  return { songs, engine, auth, reachability: TestBed.inject(Reachability) as FakeReachability };
}

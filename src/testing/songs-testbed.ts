import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, withComponentInputBinding, type Routes } from '@angular/router';
import { AttachmentEngine } from '../app/attachments/attachment-engine';
import { AUTH_CLIENT } from '../app/core/auth/auth-client';
import { Session } from '../app/core/auth/session';
import { Reachability } from '../app/core/backend/reachability';
import { SongService } from '../app/songs/song-service';
import { FakeAuthClient, userIn } from './fake-auth-client';
import { FakeAttachmentEngine, FakeSongService } from './fake-songs';
import { FakeReachability } from './fake-reachability';

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
  const auth = new FakeAuthClient();
  auth.user = userIn(...groups);
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes, withComponentInputBinding()),
      // Dialogs close at once, so afterClosed() answers within the test's await.
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      { provide: SongService, useValue: songs },
      { provide: AttachmentEngine, useValue: engine },
      { provide: AUTH_CLIENT, useValue: auth },
      { provide: Reachability, useClass: FakeReachability },
    ],
  });
  await TestBed.inject(Session).ready();
  return { songs, engine, auth, reachability: TestBed.inject(Reachability) as FakeReachability };
}

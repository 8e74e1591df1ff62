import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, withComponentInputBinding, type Routes } from '@angular/router';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { ATTACHMENT_SETTINGS } from '../../attachments/attachment-engine';
import { DEFAULT_LIMITS } from '../../attachments/file-validation';
import { STORAGE_API } from '../../attachments/storage-api';
import { AUTH_CLIENT } from '../../core/auth/auth-client';
import { Session } from '../../core/auth/session';
import { ALBUM_API } from '../album-api';
import { FakeAlbumTable, FakeBucket } from './fake-album-backend';

export interface AlbumsTestBed {
  table: FakeAlbumTable;
  bucket: FakeBucket;
  auth: FakeAuthClient;
  /** Sends the live list as it is in the table now. */
  publish(synced?: boolean): void;
}

/**
 * TestBed for the Albums screens: the real AlbumService and AttachmentEngine over an in-memory
 * table and bucket, a user in `groups`, the real Notifier and dialogs.
 */
export async function setUpAlbums(groups: string[], routes: Routes = []): Promise<AlbumsTestBed> {
  const table = new FakeAlbumTable();
  const bucket = new FakeBucket();
  const auth = new FakeAuthClient();
  auth.user = userIn(...groups);
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes, withComponentInputBinding()),
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      { provide: ALBUM_API, useValue: table },
      { provide: STORAGE_API, useValue: bucket },
      {
        provide: ATTACHMENT_SETTINGS,
        useValue: { limits: DEFAULT_LIMITS, urlExpiresInS: 900, urlRefreshMarginMs: 60_000 },
      },
      { provide: AUTH_CLIENT, useValue: auth },
    ],
  });
  await TestBed.inject(Session).ready();
  const publish = (synced = true) => table.live.next({ items: [...table.rows.values()], synced });
  table.afterWrite = () => setTimeout(() => publish());
  return { table, bucket, auth, publish };
}

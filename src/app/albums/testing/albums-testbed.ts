import type { Routes } from '@angular/router';
import type { FakeAuthClient } from '../../../testing/fake-auth-client';
import { setUpScreen } from '../../../testing/screen-testbed';
import { STORAGE_API } from '../../attachments/storage-api';
import { FILE_VERSIONS } from '../../recovery/bulk-undo';
import { FakeFileVersions } from '../../recovery/testing/fake-file-versions';
import { ALBUM_API } from '../album-api';
import { FakeAlbumTable, FakeBucket } from './fake-album-backend';

export interface AlbumsTestBed {
  table: FakeAlbumTable;
  bucket: FakeBucket;
  auth: FakeAuthClient;
  /** Sends the live list as it is in the table now; the first call also lets list calls answer. */
  publish(synced?: boolean): void;
}

/**
 * TestBed for the Albums screens: the real AlbumService and AttachmentEngine over an in-memory
 * table and bucket, a user in `groups`, the real Notifier and dialogs.
 */
export async function setUpAlbums(groups: string[], routes: Routes = []): Promise<AlbumsTestBed> {
  const table = new FakeAlbumTable();
  const bucket = new FakeBucket();
  const auth = await setUpScreen(groups, routes, [
    { provide: ALBUM_API, useValue: table },
    { provide: STORAGE_API, useValue: bucket },
    { provide: FILE_VERSIONS, useValue: new FakeFileVersions(bucket) },
  ]);
  const answerLists = table.holdLists();
  const publish = (synced = true) => {
    answerLists();
    table.live.next({ items: [...table.rows.values()], synced });
  };
  table.afterWrite = () => setTimeout(() => publish());
  return { table, bucket, auth, publish };
}

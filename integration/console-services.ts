import '@angular/compiler';
import { after, before } from 'node:test';
import { Injector, type Provider } from '@angular/core';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import * as data from 'aws-amplify/data';
import * as storage from 'aws-amplify/storage';
import { ATTACHMENT_SETTINGS, AttachmentEngine } from '../src/app/attachments/attachment-engine.ts';
import { createAmplifyReferenceLookup } from '../src/app/attachments/amplify-reference-lookup.ts';
import { FILE_FIELDS } from '../src/app/attachments/file-fields.ts';
import { FILE_REFERENCES, SharedFileCheck } from '../src/app/attachments/file-references.ts';
import { FileStates } from '../src/app/attachments/file-states.ts';
import { DEFAULT_LIMITS } from '../src/app/attachments/file-validation.ts';
import { STORAGE_API, createAmplifyStorageApi } from '../src/app/attachments/storage-api.ts';
import { ALBUM_API, createAmplifyAlbumApi, type AlbumApi } from '../src/app/albums/album-api.ts';
import { AlbumService } from '../src/app/albums/album-service.ts';
import { SONG_API, createAmplifySongApi } from '../src/app/songs/song-api.ts';
import { SongService } from '../src/app/songs/song-service.ts';
import { BulkUndo, FILE_VERSIONS } from '../src/app/recovery/bulk-undo.ts';
import { BucketVersions, VERSIONS_ACCESS, amplifyVersionsAccess } from '../src/app/recovery/bucket-versions.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { signInAs, startOnStoragePort, type Account } from './local-backend.ts';

/**
 * What the services of one browser tab share: the attachment engine on the real Storage client,
 * with the app's settings. The services import the clients lazily; Node would resolve that
 * import() to the ESM build and a second, unconfigured Amplify, so they are handed the modules the
 * tests configure.
 */
export const ENGINE_PROVIDERS: Provider[] = [
  AttachmentEngine,
  { provide: STORAGE_API, useFactory: () => createAmplifyStorageApi(async () => storage) },
  {
    provide: ATTACHMENT_SETTINGS,
    useValue: { limits: DEFAULT_LIMITS, urlExpiresInS: 900, urlRefreshMarginMs: 60_000 },
  },
];

/**
 * Undo of bulk jobs (which the bulk services offer) on the bucket's versions, read and restored
 * through BucketVersions with the Amplify the tests configure.
 */
export const UNDO_PROVIDERS: Provider[] = [
  BulkUndo,
  BucketVersions,
  { provide: FILE_VERSIONS, useExisting: BucketVersions },
  {
    provide: VERSIONS_ACCESS,
    useFactory: () =>
      amplifyVersionsAccess(async () => ({
        getConfig: () => Amplify.getConfig(),
        fetchAuthSession: () => auth.fetchAuthSession(),
      })),
  },
];

/**
 * The shared-file check as the app provides it (provideFileReferences), on the real Data client:
 * this repository's file fields, each record named by its `name`. Suites that add it to the
 * services see files kept because another record uses them.
 */
export const FILE_REFERENCE_PROVIDERS: Provider[] = [
  {
    provide: FILE_REFERENCES,
    useFactory: () =>
      new SharedFileCheck(
        createAmplifyReferenceLookup(async () => data),
        async () => FILE_FIELDS.map((f) => ({ ...f, nameField: 'name' })),
      ),
  },
];

/** The app's song services as one browser tab has them: their own Data client, engine and signed-URL cache. */
export function consoleServices(): { songs: SongService; engine: AttachmentEngine } {
  const injector = Injector.create({
    providers: [
      SongService,
      ...ENGINE_PROVIDERS,
      { provide: SONG_API, useFactory: () => createAmplifySongApi(async () => data) },
    ],
  });
  return { songs: injector.get(SongService), engine: injector.get(AttachmentEngine) };
}

/** The app's album services as one browser tab has them. */
export function albumServices(): { albums: AlbumService; engine: AttachmentEngine; api: AlbumApi } {
  const injector = Injector.create({
    providers: [
      AlbumService,
      ...ENGINE_PROVIDERS,
      { provide: ALBUM_API, useFactory: () => createAmplifyAlbumApi(async () => data) },
    ],
  });
  return { albums: injector.get(AlbumService), engine: injector.get(AttachmentEngine), api: injector.get(ALBUM_API) };
}

/** FileStates (the tables' object metadata) on the services of one browser tab. */
export function fileStates(): FileStates {
  return Injector.create({ providers: [FileStates, ...ENGINE_PROVIDERS] }).get(FileStates);
}

/** A file whose first bytes are a PNG's (what the engine's content check looks at). */
export function png(name: string, fill = 7, size = 2048): File {
  const bytes = new Uint8Array(size).fill(fill);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new File([bytes], name, { type: 'image/png' });
}

/**
 * For a suite on these services: before its tests, the backend on the Storage port with Amplify
 * (the modules this file uses) configured for it; after them, sign out and stop it.
 */
export function suiteBackend(): { backend: TestBackend } {
  const suite = {} as { backend: TestBackend };
  before(async () => {
    suite.backend = await startOnStoragePort();
    Amplify.configure(toResourcesConfig(suite.backend.outputs));
  });
  after(async () => {
    await auth.signOut().catch(() => undefined);
    await suite.backend?.stop();
  });
  return suite;
}

/** Signs `account` in on the auth module these services use (whoever was signed in, out). */
export const as = (account: Account): Promise<void> => signInAs(auth, account);

/** The files stored under a record's folder (images/<id>/), sorted. */
export async function storedUnder(recordId: string): Promise<string[]> {
  const { items } = await storage.list({ path: `images/${recordId}/`, options: { listAll: true } });
  return items.map((i) => i.path).sort();
}

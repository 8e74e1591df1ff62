import { InjectionToken } from '@angular/core';
import { type DataModule, type ModelApi, createModelApi, loadDataModule } from '../shared/model-api';
import type { PhotoAlbum } from './album';

/**
 * The slice of the Data client AlbumService uses: the seam unit specs fake. Every method fails
 * with an AttachmentError (a failed condition is 'conflict'). The Data client is imported on
 * first use, so it stays out of the initial bundle.
 */
export type AlbumApi = ModelApi<
  PhotoAlbum,
  { id: string; name: string; imagePaths: readonly string[] },
  { id: string; name?: string; imagePaths?: readonly string[] }
>;

interface RawAlbum {
  id: string;
  name: string;
  imagePaths?: (string | null)[] | null;
  createdAt: string;
  updatedAt: string;
}

/** An album as the console sees it: a list's null or empty entries are dropped. */
export function toAlbum(raw: RawAlbum): PhotoAlbum {
  return {
    id: raw.id,
    name: raw.name,
    imagePaths: (raw.imagePaths ?? []).filter((p): p is string => typeof p === 'string' && p !== ''),
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
  };
}

/**
 * An AlbumApi on its own Data client (the app has one; tests make two to play two operators).
 * `load` brings in aws-amplify/data; Node tests pass the module they configured.
 */
export function createAmplifyAlbumApi(load: () => Promise<DataModule> = loadDataModule): AlbumApi {
  return createModelApi({ model: 'PhotoAlbum', fields: 'id name imagePaths createdAt updatedAt', read: toAlbum }, load);
}

export const ALBUM_API = new InjectionToken<AlbumApi>('AlbumApi', {
  providedIn: 'root',
  factory: () => createAmplifyAlbumApi(),
});

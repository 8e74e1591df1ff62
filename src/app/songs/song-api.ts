import { InjectionToken } from '@angular/core';
import { type DataModule, type ModelApi, createModelApi, loadDataModule } from '../shared/model-api';
import type { Song } from './song';

/**
 * The slice of the Data client SongService uses: the seam unit specs fake. Every method fails
 * with an AttachmentError (a failed condition is 'conflict'). The Data client is imported on
 * first use, so it stays out of the initial bundle.
 */
export type SongApi = ModelApi<
  Song,
  { id: string; name: string; coverArtPath: string | null },
  { id: string; name?: string; coverArtPath?: string | null }
>;

interface RawSong {
  id: string;
  name: string;
  coverArtPath?: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toSong(raw: RawSong): Song {
  return {
    id: raw.id,
    name: raw.name,
    coverArtPath: raw.coverArtPath ?? null,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
  };
}

/**
 * A SongApi on its own Data client (the app has one; tests make two to play two operators).
 * `load` brings in aws-amplify/data; Node tests pass the module they configured.
 */
export function createAmplifySongApi(load: () => Promise<DataModule> = loadDataModule): SongApi {
  return createModelApi({ model: 'Song', fields: 'id name coverArtPath createdAt updatedAt', read: toSong }, load);
}

export const SONG_API = new InjectionToken<SongApi>('SongApi', {
  providedIn: 'root',
  factory: () => createAmplifySongApi(),
});

import { InjectionToken } from '@angular/core';
import { Observable, catchError, from, map, switchMap, throwError } from 'rxjs';
import type { Schema } from '../../../amplify/data/resource';
import { toAttachmentError } from '../attachments/error-mapping';
import type { Song } from './song';

/**
 * The slice of the Data client SongService uses: the seam unit specs fake. Every method fails
 * with an AttachmentError (a failed condition is 'conflict'). The Data client is imported on
 * first use, so it stays out of the initial bundle.
 */
export interface SongApi {
  /** observeQuery: every song, then again on each realtime change; `synced` after the full load. */
  observe(): Observable<{ items: Song[]; synced: boolean }>;
  get(id: string): Promise<Song | null>;
  create(input: { id: string; name: string; coverArtPath: string | null }): Promise<Song>;
  /** Updates the given fields; with `expectUpdatedAt`, only if the record still has that version. */
  update(input: { id: string; name?: string; coverArtPath?: string | null }, expectUpdatedAt?: string): Promise<Song>;
  /** Deletes the record, only if it still has that version; returns it as it was. */
  delete(id: string, expectUpdatedAt: string): Promise<Song>;
}

const FIELDS = 'id name coverArtPath createdAt updatedAt';
const GET = `query GetSong($id: ID!) { getSong(id: $id) { ${FIELDS} } }`;
const CREATE = `mutation CreateSong($input: CreateSongInput!) { createSong(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation UpdateSong($input: UpdateSongInput!, $condition: ModelSongConditionInput) {
  updateSong(input: $input, condition: $condition) { ${FIELDS} } }`;
const DELETE = `mutation DeleteSong($input: DeleteSongInput!, $condition: ModelSongConditionInput) {
  deleteSong(input: $input, condition: $condition) { ${FIELDS} } }`;

interface RawSong {
  id: string;
  name: string;
  coverArtPath?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the service needs of generateClient<Schema>(), typed shallowly (the generated types are too deep to compare). */
interface DataClient {
  graphql(options: { query: string; variables: Record<string, unknown> }): Promise<unknown>;
  models: { Song: { observeQuery(): Observable<{ items: RawSong[]; isSynced: boolean }> } };
}
type DataModule = Pick<typeof import('aws-amplify/data'), 'generateClient'>;

/** Creates the Data client on first use (a dynamic import keeps it out of the initial bundle). */
function lazyClient(load: () => Promise<DataModule>): () => Promise<DataClient> {
  let client: Promise<DataClient> | undefined;
  return () => (client ??= load().then(({ generateClient }) => generateClient<Schema>() as unknown as DataClient));
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
export function createAmplifySongApi(load: () => Promise<DataModule> = () => import('aws-amplify/data')): SongApi {
  const dataClient = lazyClient(load);
  const request = async <T>(query: string, variables: Record<string, unknown>, field: string): Promise<T> => {
    try {
      const c = await dataClient();
      const result = (await c.graphql({ query, variables })) as { data?: Record<string, unknown> };
      return result.data?.[field] as T;
    } catch (err) {
      throw toAttachmentError(err);
    }
  };
  return {
    observe: () =>
      from(dataClient()).pipe(
        switchMap((c) => c.models.Song.observeQuery()),
        map(({ items, isSynced }) => ({ items: items.map(toSong), synced: isSynced })),
        catchError((err: unknown) => throwError(() => toAttachmentError(err))),
      ),
    get: async (id) => {
      const song = await request<RawSong | null>(GET, { id }, 'getSong');
      return song ? toSong(song) : null;
    },
    create: async (input) => toSong(await request<RawSong>(CREATE, { input }, 'createSong')),
    update: async (input, expectUpdatedAt) =>
      toSong(
        await request<RawSong>(
          UPDATE,
          { input, condition: expectUpdatedAt ? { updatedAt: { eq: expectUpdatedAt } } : null },
          'updateSong',
        ),
      ),
    delete: async (id, expectUpdatedAt) =>
      toSong(
        await request<RawSong>(
          DELETE,
          { input: { id }, condition: { updatedAt: { eq: expectUpdatedAt } } },
          'deleteSong',
        ),
      ),
  };
}

export const SONG_API = new InjectionToken<SongApi>('SongApi', {
  providedIn: 'root',
  factory: () => createAmplifySongApi(),
});

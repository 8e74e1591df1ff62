import { InjectionToken } from '@angular/core';
import { Observable, catchError, from, map, switchMap, throwError } from 'rxjs';
import type { Schema } from '../../../amplify/data/resource';
import { toAttachmentError } from '../attachments/error-mapping';
import type { PhotoAlbum } from './album';

/**
 * The slice of the Data client AlbumService uses: the seam unit specs fake. Every method fails
 * with an AttachmentError (a failed condition is 'conflict'). The Data client is imported on
 * first use, so it stays out of the initial bundle.
 */
export interface AlbumApi {
  /** observeQuery: every album, then again on each realtime change; `synced` after the full load. */
  observe(): Observable<{ items: PhotoAlbum[]; synced: boolean }>;
  get(id: string): Promise<PhotoAlbum | null>;
  create(input: { id: string; name: string; imagePaths: readonly string[] }): Promise<PhotoAlbum>;
  /** Updates the given fields; with `expectUpdatedAt`, only if the record still has that version. */
  update(
    input: { id: string; name?: string; imagePaths?: readonly string[] },
    expectUpdatedAt?: string,
  ): Promise<PhotoAlbum>;
  /** Deletes the record, only if it still has that version; returns it as it was. */
  delete(id: string, expectUpdatedAt: string): Promise<PhotoAlbum>;
}

const FIELDS = 'id name imagePaths createdAt updatedAt';
const GET = `query GetPhotoAlbum($id: ID!) { getPhotoAlbum(id: $id) { ${FIELDS} } }`;
const CREATE = `mutation CreatePhotoAlbum($input: CreatePhotoAlbumInput!) { createPhotoAlbum(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation UpdatePhotoAlbum($input: UpdatePhotoAlbumInput!, $condition: ModelPhotoAlbumConditionInput) {
  updatePhotoAlbum(input: $input, condition: $condition) { ${FIELDS} } }`;
const DELETE = `mutation DeletePhotoAlbum($input: DeletePhotoAlbumInput!, $condition: ModelPhotoAlbumConditionInput) {
  deletePhotoAlbum(input: $input, condition: $condition) { ${FIELDS} } }`;

interface RawAlbum {
  id: string;
  name: string;
  imagePaths?: (string | null)[] | null;
  createdAt: string;
  updatedAt: string;
}

/** What the service needs of generateClient<Schema>(), typed shallowly (the generated types are too deep to compare). */
interface DataClient {
  graphql(options: { query: string; variables: Record<string, unknown> }): Promise<unknown>;
  models: { PhotoAlbum: { observeQuery(): Observable<{ items: RawAlbum[]; isSynced: boolean }> } };
}

export function toAlbum(raw: RawAlbum): PhotoAlbum {
  return {
    id: raw.id,
    name: raw.name,
    imagePaths: (raw.imagePaths ?? []).filter((p): p is string => typeof p === 'string' && p !== ''),
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
  };
}

type DataModule = Pick<typeof import('aws-amplify/data'), 'generateClient'>;

/**
 * An AlbumApi on its own Data client (the app has one; tests make two to play two operators).
 * `load` brings in aws-amplify/data (a dynamic import keeps it out of the initial bundle); Node
 * tests pass the module they configured.
 */
export function createAmplifyAlbumApi(load: () => Promise<DataModule> = () => import('aws-amplify/data')): AlbumApi {
  let client: Promise<DataClient> | undefined;
  const dataClient = () =>
    (client ??= load().then(({ generateClient }) => generateClient<Schema>() as unknown as DataClient));
  const request = async <T>(query: string, variables: Record<string, unknown>, field: string): Promise<T> => {
    try {
      const c = await dataClient();
      const result = (await c.graphql({ query, variables })) as { data?: Record<string, unknown> };
      return result.data?.[field] as T;
    } catch (err) {
      throw toAttachmentError(err);
    }
  };
  const one = async (query: string, variables: Record<string, unknown>, field: string) =>
    toAlbum(await request<RawAlbum>(query, variables, field));
  return {
    observe: () =>
      from(dataClient()).pipe(
        switchMap((c) => c.models.PhotoAlbum.observeQuery()),
        map(({ items, isSynced }) => ({ items: items.map(toAlbum), synced: isSynced })),
        catchError((err: unknown) => throwError(() => toAttachmentError(err))),
      ),
    get: async (id) => {
      const album = await request<RawAlbum | null>(GET, { id }, 'getPhotoAlbum');
      return album ? toAlbum(album) : null;
    },
    create: (input) => one(CREATE, { input }, 'createPhotoAlbum'),
    update: (input, expectUpdatedAt) =>
      one(
        UPDATE,
        { input, condition: expectUpdatedAt ? { updatedAt: { eq: expectUpdatedAt } } : null },
        'updatePhotoAlbum',
      ),
    delete: (id, expectUpdatedAt) =>
      one(DELETE, { input: { id }, condition: { updatedAt: { eq: expectUpdatedAt } } }, 'deletePhotoAlbum'),
  };
}

export const ALBUM_API = new InjectionToken<AlbumApi>('AlbumApi', {
  providedIn: 'root',
  factory: () => createAmplifyAlbumApi(),
});

import { InjectionToken } from '@angular/core';
import { toAttachmentError } from './error-mapping';

/** Object metadata as the console shows it. */
export interface FileInfo {
  path: string;
  size: number;
  contentType?: string;
  lastModified?: Date;
}

export interface UploadTask {
  /** Resolves when the object is stored. */
  readonly result: Promise<void>;
  /** Stops the transfer; a multipart upload is aborted (its parts deleted). */
  cancel(): void;
}

export interface SignedUrl {
  readonly url: string;
  readonly expiresAt: Date;
}

/**
 * The slice of aws-amplify/storage the engine uses: the seam unit specs fake. Every method fails
 * with an AttachmentError. The Storage client is imported on first use, so it stays out of the
 * initial bundle.
 */
export interface StorageApi {
  upload(
    path: string,
    data: Blob,
    options: { contentType: string; onProgress: (sent: number, total: number) => void },
  ): Promise<UploadTask>;
  signedUrl(path: string, options: { expiresIn: number; download?: string }): Promise<SignedUrl>;
  /** Throws not-found when no object exists at the path. */
  properties(path: string): Promise<FileInfo>;
  /**
   * Every object whose key starts with `prefix`, all pages followed. Listings carry size and
   * last-modified but no content type.
   */
  list(prefix: string): Promise<FileInfo[]>;
  /** Deleting a missing object succeeds (S3 semantics). */
  remove(path: string): Promise<void>;
}

type StorageModule = Pick<
  typeof import('aws-amplify/storage'),
  'uploadData' | 'getUrl' | 'getProperties' | 'list' | 'remove'
>;

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toAttachmentError(err);
  }
}

/**
 * The StorageApi on aws-amplify/storage, imported on first use. `load` brings the module in; Node
 * tests pass the one they configured.
 */
export function createAmplifyStorageApi(
  load: () => Promise<StorageModule> = () => import('aws-amplify/storage'),
): StorageApi {
  const storage = load;
  return {
    upload: (path, data, { contentType, onProgress }) =>
      mapped(async () => {
        const { uploadData } = await storage();
        const task = uploadData({
          path,
          data,
          options: {
            contentType,
            // Keys are unique per upload; this makes S3 refuse rather than ever overwrite one.
            preventOverwrite: true,
            onProgress: ({ transferredBytes, totalBytes }) => onProgress(transferredBytes, totalBytes ?? data.size),
          },
        });
        return {
          result: task.result.then(
            () => undefined,
            (err: unknown) => {
              throw toAttachmentError(err);
            },
          ),
          cancel: () => task.cancel(),
        };
      }),
    signedUrl: (path, { expiresIn, download }) =>
      mapped(async () => {
        const { getUrl } = await storage();
        const { url, expiresAt } = await getUrl({
          path,
          options: {
            expiresIn,
            ...(download ? { contentDisposition: { type: 'attachment' as const, filename: download } } : {}),
          },
        });
        return { url: url.toString(), expiresAt };
      }),
    properties: (path) =>
      mapped(async () => {
        const { getProperties } = await storage();
        const p = await getProperties({ path });
        return { path, size: p.size ?? 0, contentType: p.contentType, lastModified: p.lastModified };
      }),
    list: (prefix) =>
      mapped(async () => {
        const { list } = await storage();
        // listAll follows S3's continuation tokens, 1,000 keys a request.
        const { items } = await list({ path: prefix, options: { listAll: true } });
        return items.map((i) => ({ path: i.path, size: i.size ?? 0, lastModified: i.lastModified }));
      }),
    remove: (path) =>
      mapped(async () => {
        const { remove } = await storage();
        await remove({ path });
      }),
  };
}

export const STORAGE_API = new InjectionToken<StorageApi>('StorageApi', {
  providedIn: 'root',
  factory: () => createAmplifyStorageApi(),
});

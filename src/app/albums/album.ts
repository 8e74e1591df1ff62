import type { AttachmentError } from '../attachments/attachment-error';

/** A PhotoAlbum record as the console sees it (amplify/data/resource.ts). */
export interface PhotoAlbum {
  readonly id: string;
  readonly name: string;
  /** Storage paths of the images, in the order the album shows them. */
  readonly imagePaths: readonly string[];
  readonly createdAt: string;
  /** The version the operator saw; every change to the list is conditional on it. */
  readonly updatedAt: string;
}

/** The live list of albums; `synced` once the first full load is in. */
export interface AlbumList {
  readonly items: readonly PhotoAlbum[];
  readonly synced: boolean;
}

/** What becomes of the files when an album is deleted. */
export type AlbumDisposal = 'keep-files' | 'delete-files';

/** One file of an add batch, as its progress list shows it. */
export interface FileUpload {
  /** Position in the batch (the same file dropped twice is two entries). */
  readonly index: number;
  readonly name: string;
  readonly size: number;
  readonly status: 'invalid' | 'queued' | 'uploading' | 'stored' | 'failed' | 'canceled';
  readonly sent: number;
  /** Stored path once uploaded. */
  readonly path?: string;
  /** Why the file did not make it (invalid, failed, canceled). */
  readonly error?: AttachmentError;
}

/** Where an add batch is: every file, and bytes sent over all files that are being uploaded. */
export interface AddProgress {
  readonly files: readonly FileUpload[];
  readonly sent: number;
  readonly total: number;
}

/** How an add batch ended: the album as written, the paths added, the files that did not make it. */
export interface AddResult {
  readonly album: PhotoAlbum;
  readonly added: readonly string[];
  readonly failed: readonly FileUpload[];
}

export type AddStep =
  | ({ readonly type: 'progress' } & AddProgress)
  | { readonly type: 'done'; readonly value: AddResult };

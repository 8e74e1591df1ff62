import type { AddProgress, FileUpload } from '../attachments/record-files-add';

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

export type { AddProgress, FileUpload } from '../attachments/record-files-add';

/** How an add batch ended: the album as written, the paths added, the files that did not make it. */
export interface AddResult {
  readonly album: PhotoAlbum;
  readonly added: readonly string[];
  readonly failed: readonly FileUpload[];
}

export type AddStep =
  | ({ readonly type: 'progress' } & AddProgress)
  | { readonly type: 'done'; readonly value: AddResult };

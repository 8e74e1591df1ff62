import { Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { AttachmentError } from './attachment-error';
import { Transfer } from './transfer';

/** Object metadata as the console shows it. */
export interface FileInfo {
  path: string;
  size: number;
  contentType?: string;
  lastModified?: Date;
}

/** The one place where file handling lives: validation, upload, signed URLs, metadata, download. */
@Injectable({ providedIn: 'root' })
export class AttachmentEngine {
  readonly limits: { maxBytes: number; allowedTypes: readonly string[] } = {
    maxBytes: 20 * 1024 * 1024,
    allowedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'],
  };

  /** null when the file may be uploaded, else the invalid-file error with the reason. */
  validate(_file: File): AttachmentError | null {
    throw new Error('not implemented yet');
  }

  /** Uploads under `images/<recordId>/<uuid>-<safe name>`; completes with the stored path. */
  upload(_recordId: string, _file: File): Observable<Transfer<string>> {
    throw new Error('not implemented yet');
  }

  /** Signed GET URL from the app-wide cache (one request per key; re-emits a fresh URL before expiry). */
  signedUrl(_path: string): Observable<string> {
    throw new Error('not implemented yet');
  }

  /** Object metadata, or null when no object exists at the path ("missing file"). */
  fileInfo(_path: string): Observable<FileInfo | null> {
    throw new Error('not implemented yet');
  }

  /** Browser download of the object (signed URL with content-disposition attachment). */
  download(_path: string): Observable<void> {
    throw new Error('not implemented yet');
  }

  /** Deletes a stored object; a missing object counts as deleted. */
  remove(_path: string): Observable<void> {
    throw new Error('not implemented yet');
  }
}

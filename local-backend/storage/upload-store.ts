import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StatementSync } from 'node:sqlite';
import type { LocalDatabase } from '../sqlite.ts';
import type { ChecksumAlgorithm, ChecksumType } from './checksums.ts';
import type { StoredHeaders } from './request.ts';

export interface Upload {
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  headers: StoredHeaders;
  /** The checksum the client asked for at CreateMultipartUpload, and its type. */
  checksumAlgorithm: ChecksumAlgorithm | undefined;
  checksumType: ChecksumType | undefined;
  created: number;
}

export interface Part {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date;
  /** Base64, in the upload's checksum algorithm. */
  checksum?: string;
}

/** Upload ids are 64 lower-case hex digits. */
export const isUploadId = (id: string) => /^[0-9a-f]{64}$/.test(id);

export interface UploadSummary {
  uploadId: string;
  key: string;
  created: Date;
}

/**
 * Multipart uploads in progress: a row per upload and per part in the object store's database,
 * each part's body a file under `<dir>/<upload id>/`.
 */
export class UploadStore {
  private readonly sql: Record<string, StatementSync>;

  constructor(
    db: LocalDatabase,
    private readonly dir: string,
  ) {
    this.sql = {
      createUpload: db.prepare(
        `INSERT INTO uploads (upload_id, key, content_type, metadata, headers, checksum_algorithm, checksum_type, created)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upload: db.prepare('SELECT * FROM uploads WHERE upload_id = ?'),
      savePart: db.prepare(
        `INSERT OR REPLACE INTO parts (upload_id, part_number, etag, size, last_modified, checksum)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      parts: db.prepare(
        `SELECT part_number, etag, size, last_modified, checksum FROM parts WHERE upload_id = ? AND part_number > ?
         ORDER BY part_number LIMIT ?`,
      ),
      deleteUpload: db.prepare('DELETE FROM uploads WHERE upload_id = ?'),
      deleteParts: db.prepare('DELETE FROM parts WHERE upload_id = ?'),
      oldUploads: db.prepare('SELECT upload_id FROM uploads WHERE created < ?'),
      startedBy: db.prepare('SELECT upload_id FROM uploads WHERE created <= ? AND key >= ? AND key < ?'),
      listUploads: db.prepare(
        `SELECT upload_id, key, created FROM uploads WHERE key >= ? AND key < ? AND (key > ? OR (key = ? AND upload_id > ?))
         ORDER BY key, upload_id LIMIT ?`,
      ),
    };
  }

  create(
    key: string,
    info: {
      contentType: string;
      metadata: Record<string, string>;
      headers: StoredHeaders;
      checksumAlgorithm?: ChecksumAlgorithm;
      checksumType?: ChecksumType;
    },
  ): string {
    const uploadId = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
    mkdirSync(join(this.dir, uploadId));
    this.sql.createUpload.run(
      uploadId,
      key,
      info.contentType,
      JSON.stringify(info.metadata),
      JSON.stringify(info.headers),
      info.checksumAlgorithm ?? null,
      info.checksumType ?? null,
      Date.now(),
    );
    return uploadId;
  }

  get(uploadId: string): Upload | undefined {
    const row = this.sql.upload.get(uploadId) as
      | {
          key: string;
          content_type: string;
          metadata: string;
          headers: string;
          checksum_algorithm: string | null;
          checksum_type: string | null;
          created: number;
        }
      | undefined;
    if (!row) return undefined;
    const algorithm = (row.checksum_algorithm ?? undefined) as ChecksumAlgorithm | undefined;
    return {
      key: row.key,
      contentType: row.content_type,
      metadata: JSON.parse(row.metadata) as Record<string, string>,
      headers: JSON.parse(row.headers) as StoredHeaders,
      checksumAlgorithm: algorithm,
      // Uploads from before types were kept asked for a full-object CRC32.
      checksumType: (row.checksum_type ?? (algorithm ? 'FULL_OBJECT' : undefined)) as ChecksumType | undefined,
      created: row.created,
    };
  }

  /** Uploads in progress under `prefix`, by key then upload id, after the given marker. */
  list(prefix: string, keyMarker: string, uploadIdMarker: string, limit: number): UploadSummary[] {
    const rows = this.sql.listUploads.all(
      prefix,
      prefix + '\u{10FFFF}',
      keyMarker,
      keyMarker,
      // Without an upload id marker, S3 lists only keys after the key marker.
      uploadIdMarker || '\u{10FFFF}',
      limit,
    ) as { upload_id: string; key: string; created: number }[];
    return rows.map((r) => ({ uploadId: r.upload_id, key: r.key, created: new Date(r.created) }));
  }

  partPath(uploadId: string, partNumber: number): string {
    return join(this.dir, uploadId, String(partNumber));
  }

  /** Where a part's body is received before savePart() puts it in place. */
  newPartBody(uploadId: string): string {
    return join(this.dir, uploadId, `incoming-${randomUUID()}`);
  }

  savePart(uploadId: string, partNumber: number, received: string, md5: string, size: number, checksum?: string): void {
    renameSync(received, this.partPath(uploadId, partNumber));
    this.sql.savePart.run(uploadId, partNumber, md5, size, Date.now(), checksum ?? null);
  }

  /** The upload's parts in order; `after` and `limit` select a page of them. */
  parts(uploadId: string, after = 0, limit = -1): Part[] {
    const rows = this.sql.parts.all(uploadId, after, limit) as {
      part_number: number;
      etag: string;
      size: number;
      last_modified: number;
      checksum: string | null;
    }[];
    return rows.map((r) => ({
      partNumber: r.part_number,
      etag: r.etag,
      size: r.size,
      lastModified: new Date(r.last_modified),
      checksum: r.checksum ?? undefined,
    }));
  }

  end(uploadId: string): void {
    this.sql.deleteUpload.run(uploadId);
    this.sql.deleteParts.run(uploadId);
    rmSync(join(this.dir, uploadId), { recursive: true, force: true });
  }

  /** Aborts the uploads under `prefix` started at or before `cutoff` (a lifecycle rule's). */
  abortStartedBy(cutoff: number, prefix: string): number {
    const old = this.sql['startedBy']!.all(cutoff, prefix, prefix + '\u{10FFFF}') as { upload_id: string }[];
    for (const { upload_id } of old) this.end(upload_id);
    return old.length;
  }

  /** Uploads neither completed nor aborted within `maxAgeMs` are dropped with their parts. */
  expire(maxAgeMs: number, now = Date.now()): number {
    const old = this.sql.oldUploads.all(now - maxAgeMs) as { upload_id: string }[];
    for (const { upload_id } of old) this.end(upload_id);
    return old.length;
  }
}

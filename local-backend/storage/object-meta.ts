import type { StoredChecksum } from './checksums.ts';
import type { StoredHeaders } from './request.ts';
import type { VersionRow } from './version-store.ts';

/** An object's metadata as the store keeps it and the handlers see it. */

export interface ObjectInfo {
  size: number;
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  headers?: StoredHeaders;
  /** The additional checksum of the object, when the uploader sent or asked for one. */
  checksum?: StoredChecksum;
  lastModified?: Date;
}

export interface ObjectMeta extends Required<Omit<ObjectInfo, 'checksum'>> {
  key: string;
  checksum?: StoredChecksum;
  lastModified: Date;
  file: string;
  /** 'null' for the version written while the bucket was unversioned or suspended. */
  versionId: string;
  /** The version's place in the bucket's history (newest highest). */
  seq: number;
}

export interface Row {
  key: string;
  size: number;
  etag: string;
  content_type: string;
  metadata: string;
  headers: string;
  /** Written by earlier versions: a full-object CRC32. */
  crc32: string | null;
  checksum: string | null;
  last_modified: number;
  file: string;
  version_id: string | null;
  seq: number;
}

export const toMeta = (r: Row | VersionRow): ObjectMeta => ({
  key: r.key,
  size: r.size,
  etag: r.etag,
  contentType: r.content_type,
  metadata: JSON.parse(r.metadata) as Record<string, string>,
  headers: JSON.parse(r.headers) as StoredHeaders,
  checksum: r.checksum
    ? (JSON.parse(r.checksum) as StoredChecksum)
    : r.crc32
      ? { algorithm: 'CRC32', value: r.crc32, type: 'FULL_OBJECT' }
      : undefined,
  lastModified: new Date(r.last_modified),
  file: r.file ?? '',
  versionId: r.version_id ?? 'null',
  seq: r.seq,
});

/** A delete marker's row in the versions table, but for its key, id, seq and time. */
export const EMPTY_MARKER = {
  delete_marker: 1,
  is_latest: 1,
  size: 0,
  etag: '',
  content_type: '',
  metadata: '{}',
  headers: '{}',
  checksum: null,
  crc32: null,
  file: null,
  noncurrent_since: null,
} as const;

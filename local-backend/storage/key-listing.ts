import type { StatementSync } from 'node:sqlite';
import type { LocalDatabase } from '../sqlite.ts';
import type { StoredChecksum } from './checksums.ts';

/** What a listing shows of a current object: no metadata, headers or body file. */
export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  /** Milliseconds since the epoch. */
  last_modified: number;
  /** JSON of a StoredChecksum, when the object has one. */
  checksum: string | null;
  /** Written by earlier versions: a full-object CRC32. */
  crc32: string | null;
}

/** The checksum algorithm and type ListObjects shows for an object, if it has a checksum. */
export function listedChecksum(o: ListedObject): Pick<StoredChecksum, 'algorithm' | 'type'> | undefined {
  if (o.checksum) return JSON.parse(o.checksum) as StoredChecksum;
  return o.crc32 ? { algorithm: 'CRC32', type: 'FULL_OBJECT' } : undefined;
}

/**
 * Current objects in key order for ListObjects, read from an index that holds every column a
 * listing shows, so a page is one walk along that index from the continuation point (keyset
 * paging, never OFFSET) without a lookup into the table per key.
 */
export class KeyListing {
  private readonly from: StatementSync;
  private readonly after: StatementSync;

  constructor(db: LocalDatabase) {
    // Built once for a data directory from before it (a few seconds at a million objects).
    db.db.exec(
      'CREATE INDEX IF NOT EXISTS objects_listing ON objects (key, size, etag, last_modified, checksum, crc32)',
    );
    const range = (op: string) =>
      db.prepare(
        `SELECT key, size, etag, last_modified, checksum, crc32 FROM objects INDEXED BY objects_listing
         WHERE key ${op} ? AND key < ? ORDER BY key LIMIT ?`,
      );
    this.from = range('>=');
    this.after = range('>');
  }

  /** Keys after `startAfter` under `prefix`, in UTF-8 binary order (S3's), at most `limit`. */
  list(prefix: string, startAfter: string, limit: number): ListedObject[] {
    // A key range rather than substr(), so SQLite walks the index from the right place.
    const from = Buffer.compare(Buffer.from(startAfter), Buffer.from(prefix)) > 0 ? startAfter : prefix;
    const inclusive = from === prefix && startAfter !== prefix;
    return (inclusive ? this.from : this.after).all(from, prefix + '\u{10FFFF}', limit) as unknown as ListedObject[];
  }
}

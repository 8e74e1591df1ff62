import type { StatementSync } from 'node:sqlite';
import type { LocalDatabase } from '../sqlite.ts';
import type { Row } from './object-meta.ts';

/** A current object's row as it is written (the old full-object CRC32 column is no longer written). */
export type CurrentRow = Omit<Row, 'crc32'>;

/**
 * The objects table: one row per key, its current version. Only reads and writes rows; what a
 * write means for older versions and bodies is the ObjectStore's.
 */
export class CurrentObjects {
  private readonly sql: Record<'get' | 'write' | 'remove' | 'listFrom' | 'listAfter' | 'count', StatementSync>;

  constructor(db: LocalDatabase) {
    const range = (op: string) => `SELECT * FROM objects WHERE key ${op} ? AND key < ? ORDER BY key LIMIT ?`;
    this.sql = {
      get: db.prepare('SELECT * FROM objects WHERE key = ?'),
      write: db.prepare(
        `INSERT INTO objects (key, size, etag, content_type, metadata, headers, crc32, checksum, last_modified, file,
         version_id, seq) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET size = excluded.size, etag = excluded.etag, content_type = excluded.content_type,
         metadata = excluded.metadata, headers = excluded.headers, crc32 = NULL, checksum = excluded.checksum,
         last_modified = excluded.last_modified, file = excluded.file, version_id = excluded.version_id, seq = excluded.seq`,
      ),
      remove: db.prepare('DELETE FROM objects WHERE key = ? RETURNING file'),
      listFrom: db.prepare(range('>=')),
      listAfter: db.prepare(range('>')),
      count: db.prepare('SELECT count(*) AS n FROM objects WHERE key >= ? AND key < ?'),
    };
  }

  get(key: string): Row | undefined {
    return this.sql.get.get(key) as Row | undefined;
  }

  /** Makes `row` the key's current object, replacing the row there. */
  write(row: CurrentRow): void {
    this.sql.write.run(
      row.key,
      row.size,
      row.etag,
      row.content_type,
      row.metadata,
      row.headers,
      row.checksum,
      row.last_modified,
      row.file,
      row.version_id,
      row.seq,
    );
  }

  /** Removes the key's row; returns the body file it named, if there was one. */
  remove(key: string): string | undefined {
    return (this.sql.remove.get(key) as { file: string } | undefined)?.file;
  }

  /** Rows after `startAfter` under `prefix`, in UTF-8 binary order (S3's), at most `limit`. */
  list(prefix: string, startAfter: string, limit: number): Row[] {
    // A key range rather than substr(), so SQLite walks the primary-key index from the right place.
    const from = Buffer.compare(Buffer.from(startAfter), Buffer.from(prefix)) > 0 ? startAfter : prefix;
    const inclusive = from === prefix && startAfter !== prefix;
    return (inclusive ? this.sql.listFrom : this.sql.listAfter).all(
      from,
      prefix + '\u{10FFFF}',
      limit,
    ) as unknown as Row[];
  }

  count(prefix: string): number {
    return (this.sql.count.get(prefix, prefix + '\u{10FFFF}') as { n: number }).n;
  }
}

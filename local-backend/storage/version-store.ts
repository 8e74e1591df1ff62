import { randomBytes } from 'node:crypto';
import type { StatementSync } from 'node:sqlite';
import type { LocalDatabase } from '../sqlite.ts';
import type { ObjectMeta } from './object-store.ts';

/** The bucket's versioning: never turned on, or on, or suspended (S3 never goes back to unversioned). */
export type BucketVersioning = 'Unversioned' | 'Enabled' | 'Suspended';

/** One version of a key as ListObjectVersions shows it: an object, or a delete marker. */
export interface VersionEntry {
  key: string;
  /** 'null' for the version written while versioning was off or suspended. */
  versionId: string;
  seq: number;
  isLatest: boolean;
  deleteMarker: boolean;
  lastModified: Date;
  /** The object's metadata; absent for a delete marker. */
  meta?: ObjectMeta;
  /** When the version stopped being current (lifecycle counts its days from then). */
  noncurrentSince?: number;
}

/** Version ids as S3 makes them: 32 URL-safe characters, opaque. */
export const newVersionId = () => randomBytes(24).toString('base64url');
export const isVersionId = (id: string) => /^[A-Za-z0-9_-]{32}$/.test(id);

export interface VersionRow {
  key: string;
  version_id: string | null;
  seq: number;
  delete_marker: number;
  is_latest: number;
  size: number;
  etag: string;
  content_type: string;
  metadata: string;
  headers: string;
  checksum: string | null;
  crc32: string | null;
  last_modified: number;
  file: string | null;
  noncurrent_since: number | null;
}

export const VERSIONS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS versions (key TEXT NOT NULL, version_id TEXT, seq INTEGER NOT NULL,
    delete_marker INTEGER NOT NULL, is_latest INTEGER NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
    content_type TEXT NOT NULL, metadata TEXT NOT NULL, headers TEXT NOT NULL, checksum TEXT, crc32 TEXT,
    last_modified INTEGER NOT NULL, file TEXT, noncurrent_since INTEGER, PRIMARY KEY (key, seq));
  CREATE TABLE IF NOT EXISTS bucket_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * The versions that are not a key's current object: earlier versions of an object and delete
 * markers (a key's latest version, when it is one, is a marker here with no row in `objects`).
 * `seq` orders the versions of a key, newest highest.
 */
export class VersionStore {
  readonly sql: Record<string, StatementSync>;

  constructor(private readonly db: LocalDatabase) {
    this.sql = {
      getSetting: db.prepare('SELECT value FROM bucket_settings WHERE name = ?'),
      setSetting: db.prepare(
        'INSERT INTO bucket_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ),
      insert: db.prepare(
        `INSERT INTO versions (key, version_id, seq, delete_marker, is_latest, size, etag, content_type, metadata,
         headers, checksum, crc32, last_modified, file, noncurrent_since)
         VALUES (:key, :version_id, :seq, :delete_marker, :is_latest, :size, :etag, :content_type, :metadata,
         :headers, :checksum, :crc32, :last_modified, :file, :noncurrent_since)`,
      ),
      ofKey: db.prepare('SELECT * FROM versions WHERE key = ? ORDER BY seq DESC'),
      retire: db.prepare('UPDATE versions SET is_latest = 0, noncurrent_since = ? WHERE key = ? AND is_latest = 1'),
      remove: db.prepare('DELETE FROM versions WHERE key = ? AND seq = ?'),
      promote: db.prepare('UPDATE versions SET is_latest = 1, noncurrent_since = NULL WHERE key = ? AND seq = ?'),
      latestMarker: db.prepare('SELECT * FROM versions WHERE key = ? AND is_latest = 1'),
      expired: db.prepare(
        'SELECT * FROM versions WHERE delete_marker = 0 AND noncurrent_since <= ? AND key >= ? AND key < ? LIMIT 500',
      ),
      loneMarkers: db.prepare(
        `SELECT v.* FROM versions v WHERE v.delete_marker = 1 AND v.is_latest = 1 AND v.key >= ? AND v.key < ?
         AND NOT EXISTS (SELECT 1 FROM versions o WHERE o.key = v.key AND o.seq <> v.seq)
         AND NOT EXISTS (SELECT 1 FROM objects c WHERE c.key = v.key) LIMIT 500`,
      ),
      maxSeq: db.prepare(
        'SELECT max(s) AS s FROM (SELECT seq AS s FROM objects WHERE key = ? UNION ALL SELECT max(seq) FROM versions WHERE key = ?)',
      ),
      listFrom: db.prepare(
        `SELECT * FROM (
           SELECT key, version_id, seq, 0 AS delete_marker, 1 AS is_latest, size, etag, content_type, metadata, headers,
             checksum, crc32, last_modified, file, NULL AS noncurrent_since FROM objects WHERE key >= :lo AND key < :hi
           UNION ALL SELECT * FROM versions WHERE key >= :lo AND key < :hi)
         WHERE key > :after OR (key = :after AND seq < :seq) ORDER BY key, seq DESC LIMIT :limit`,
      ),
    };
  }

  /**
   * The next version of `key`, read from the database inside the caller's transaction rather than
   * counted in memory: another store open on the same file (a test planting objects, the users
   * CLI) writes versions too, and a counter of this process's own would collide with theirs.
   */
  nextSeq(key: string): number {
    return ((this.sql['maxSeq']!.get(key, key) as { s: number | null }).s ?? 0) + 1;
  }

  get versioning(): BucketVersioning {
    const row = this.sql['getSetting']!.get('versioning') as { value: string } | undefined;
    return (row?.value as BucketVersioning | undefined) ?? 'Unversioned';
  }

  setVersioning(status: 'Enabled' | 'Suspended'): void {
    this.sql['setSetting']!.run('versioning', status);
  }

  /** Keeps a version that stops being current (or a delete marker) in the versions table. */
  insert(row: VersionRow): void {
    this.sql['insert']!.run({ ...row } as never);
  }

  ofKey(key: string): VersionRow[] {
    return this.sql['ofKey']!.all(key) as unknown as VersionRow[];
  }

  /** A latest delete marker of the key stops being the latest. */
  retireMarker(key: string, now: number): void {
    this.sql['retire']!.run(now, key);
  }

  remove(key: string, seq: number): void {
    this.sql['remove']!.run(key, seq);
  }

  promoteMarker(key: string, seq: number): void {
    this.sql['promote']!.run(key, seq);
  }

  latestMarker(key: string): VersionRow | undefined {
    return this.sql['latestMarker']!.get(key) as VersionRow | undefined;
  }

  /** Every version under `prefix` in (key, newest first) order after the (key, seq) given. */
  list(prefix: string, afterKey: string, afterSeq: number, limit: number): VersionRow[] {
    return this.sql['listFrom']!.all({
      lo: prefix,
      hi: prefix + '\u{10FFFF}',
      after: afterKey,
      seq: afterSeq,
      limit,
    }) as unknown as VersionRow[];
  }

  /** Non-current object versions under `prefix` that stopped being current at or before `before`. */
  expired(prefix: string, before: number): VersionRow[] {
    return this.sql['expired']!.all(before, prefix, prefix + '\u{10FFFF}') as unknown as VersionRow[];
  }

  /** Delete markers that are a key's only version left (S3's "expired object delete markers"). */
  loneMarkers(prefix: string): VersionRow[] {
    return this.sql['loneMarkers']!.all(prefix, prefix + '\u{10FFFF}') as unknown as VersionRow[];
  }
}

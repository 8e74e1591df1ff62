import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';

/** Standard headers stored with an object and sent back on GET/HEAD. */
export type StoredHeaders = Partial<
  Record<'cache-control' | 'content-disposition' | 'content-encoding' | 'content-language' | 'expires', string>
>;

export interface ObjectInfo {
  size: number;
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  headers?: StoredHeaders;
  /** Base64 CRC32 of the whole object, when the uploader sent one. */
  crc32?: string;
  lastModified?: Date;
}

export interface ObjectMeta extends Required<Omit<ObjectInfo, 'crc32'>> {
  key: string;
  crc32?: string;
  lastModified: Date;
  file: string;
}

export interface Received {
  tmp: string;
  size: number;
  md5: string;
  sha256: string;
  /** Unsigned CRC32 of the body. */
  crc32: number;
}

export interface Upload {
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  headers: StoredHeaders;
  /** "CRC32" when the client asked for a full-object CRC32 checksum. */
  checksumAlgorithm: string | undefined;
  created: number;
}

export interface Part {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date;
}

interface Row {
  key: string;
  size: number;
  etag: string;
  content_type: string;
  metadata: string;
  headers: string;
  crc32: string | null;
  last_modified: number;
  file: string;
}

const toMeta = (r: Row): ObjectMeta => ({
  key: r.key,
  size: r.size,
  etag: r.etag,
  contentType: r.content_type,
  metadata: JSON.parse(r.metadata) as Record<string, string>,
  headers: JSON.parse(r.headers) as StoredHeaders,
  crc32: r.crc32 ?? undefined,
  lastModified: new Date(r.last_modified),
  file: r.file,
});

/**
 * Objects on disk under the data directory: bodies in files named by a random id (so no key can
 * name a path), metadata in node:sqlite. A body is written to a temporary file and renamed into
 * place before its row is committed, so an object appears only once it is whole.
 */
export class ObjectStore {
  private readonly db: DatabaseSync;
  readonly objectsDir: string;
  readonly tmpDir: string;
  readonly uploadsDir: string;

  constructor(dataDir: string) {
    const root = join(dataDir, 's3');
    this.objectsDir = join(root, 'objects');
    this.tmpDir = join(root, 'tmp');
    this.uploadsDir = join(root, 'multipart');
    for (const dir of [this.objectsDir, this.tmpDir, this.uploadsDir]) mkdirSync(dir, { recursive: true });
    this.db = new DatabaseSync(join(root, 'objects.db'));
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, size INTEGER NOT NULL, etag TEXT NOT NULL,
        content_type TEXT NOT NULL, metadata TEXT NOT NULL, last_modified INTEGER NOT NULL, file TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, key TEXT NOT NULL, content_type TEXT NOT NULL,
        metadata TEXT NOT NULL, created INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS parts (upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, etag TEXT NOT NULL,
        size INTEGER NOT NULL, last_modified INTEGER NOT NULL, PRIMARY KEY (upload_id, part_number));
    `);
    this.addColumn('objects', 'headers', "TEXT NOT NULL DEFAULT '{}'");
    this.addColumn('objects', 'crc32', 'TEXT');
    this.addColumn('uploads', 'headers', "TEXT NOT NULL DEFAULT '{}'");
    this.addColumn('uploads', 'checksum_algorithm', 'TEXT');
    this.collectGarbage();
  }

  /** Data directories made by an earlier version lack newer columns. */
  private addColumn(table: string, column: string, type: string): void {
    const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((c) => c.name === column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }

  /**
   * After a crash: half-written bodies, bodies no row points at (crash between rename and
   * commit) and part directories of unknown uploads are never objects; drop them.
   */
  private collectGarbage(): void {
    for (const f of readdirSync(this.tmpDir)) rmSync(join(this.tmpDir, f), { force: true });
    const files = new Set((this.db.prepare('SELECT file FROM objects').all() as { file: string }[]).map((r) => r.file));
    for (const f of readdirSync(this.objectsDir)) if (!files.has(f)) rmSync(join(this.objectsDir, f), { force: true });
    const uploads = new Set(
      (this.db.prepare('SELECT upload_id FROM uploads').all() as { upload_id: string }[]).map((r) => r.upload_id),
    );
    for (const d of readdirSync(this.uploadsDir)) {
      if (!uploads.has(d)) rmSync(join(this.uploadsDir, d), { recursive: true, force: true });
    }
  }

  close(): void {
    this.db.close();
  }

  head(key: string): ObjectMeta | undefined {
    const row = this.db.prepare('SELECT * FROM objects WHERE key = ?').get(key) as Row | undefined;
    return row ? toMeta(row) : undefined;
  }

  /** Streams a body to a temporary file, hashing it on the way. */
  async receive(body: Readable): Promise<Received> {
    const tmp = join(this.tmpDir, randomUUID());
    const md5 = createHash('md5');
    const sha = createHash('sha256');
    let crc = 0;
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            md5.update(chunk);
            sha.update(chunk);
            crc = crc32(chunk, crc);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(tmp),
      );
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return { tmp, size, md5: md5.digest('hex'), sha256: sha.digest('hex'), crc32: crc };
  }

  discard(tmp: string): void {
    rmSync(tmp, { force: true });
  }

  /** Moves a received body into place as `key`, replacing any previous object atomically. */
  commit(key: string, tmp: string, info: ObjectInfo): ObjectMeta {
    const file = randomUUID();
    renameSync(tmp, join(this.objectsDir, file));
    const previous = this.head(key);
    this.db
      .prepare(
        `INSERT INTO objects (key, size, etag, content_type, metadata, headers, crc32, last_modified, file)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET size = excluded.size, etag = excluded.etag, content_type = excluded.content_type,
         metadata = excluded.metadata, headers = excluded.headers, crc32 = excluded.crc32,
         last_modified = excluded.last_modified, file = excluded.file`,
      )
      .run(
        key,
        info.size,
        info.etag,
        info.contentType,
        JSON.stringify(info.metadata),
        JSON.stringify(info.headers ?? {}),
        info.crc32 ?? null,
        (info.lastModified ?? new Date()).getTime(),
        file,
      );
    if (previous) rmSync(join(this.objectsDir, previous.file), { force: true });
    return this.head(key)!;
  }

  path(meta: ObjectMeta): string {
    return join(this.objectsDir, meta.file);
  }

  delete(key: string): void {
    const previous = this.head(key);
    if (!previous) return;
    this.db.prepare('DELETE FROM objects WHERE key = ?').run(key);
    rmSync(join(this.objectsDir, previous.file), { force: true });
  }

  /** Keys after `startAfter` under `prefix`, in UTF-8 binary order (S3's), at most `limit`. */
  list(prefix: string, startAfter: string, limit: number): ObjectMeta[] {
    // A key range rather than substr(), so SQLite walks the primary-key index from the right place.
    const from = Buffer.compare(Buffer.from(startAfter), Buffer.from(prefix)) > 0 ? startAfter : prefix;
    const inclusive = from === prefix && startAfter !== prefix;
    const rows = this.db
      .prepare(`SELECT * FROM objects WHERE ${inclusive ? 'key >= ?' : 'key > ?'} AND key < ? ORDER BY key LIMIT ?`)
      .all(from, prefix + '\u{10FFFF}', limit) as unknown as Row[];
    return rows.map(toMeta);
  }

  count(prefix: string): number {
    return (
      this.db
        .prepare('SELECT count(*) AS n FROM objects WHERE key >= ? AND key < ?')
        .get(prefix, prefix + '\u{10FFFF}') as {
        n: number;
      }
    ).n;
  }

  // ── multipart ──

  createUpload(
    key: string,
    info: { contentType: string; metadata: Record<string, string>; headers: StoredHeaders; checksumAlgorithm?: string },
  ): string {
    const uploadId = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
    mkdirSync(join(this.uploadsDir, uploadId));
    this.db
      .prepare(
        `INSERT INTO uploads (upload_id, key, content_type, metadata, headers, checksum_algorithm, created)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        uploadId,
        key,
        info.contentType,
        JSON.stringify(info.metadata),
        JSON.stringify(info.headers),
        info.checksumAlgorithm ?? null,
        Date.now(),
      );
    return uploadId;
  }

  upload(uploadId: string): Upload | undefined {
    const row = this.db.prepare('SELECT * FROM uploads WHERE upload_id = ?').get(uploadId) as
      | {
          key: string;
          content_type: string;
          metadata: string;
          headers: string;
          checksum_algorithm: string | null;
          created: number;
        }
      | undefined;
    return (
      row && {
        key: row.key,
        contentType: row.content_type,
        metadata: JSON.parse(row.metadata) as Record<string, string>,
        headers: JSON.parse(row.headers) as StoredHeaders,
        checksumAlgorithm: row.checksum_algorithm ?? undefined,
        created: row.created,
      }
    );
  }

  partPath(uploadId: string, partNumber: number): string {
    return join(this.uploadsDir, uploadId, String(partNumber));
  }

  savePart(uploadId: string, partNumber: number, tmp: string, md5: string, size: number): void {
    renameSync(tmp, this.partPath(uploadId, partNumber));
    this.db
      .prepare(
        'INSERT OR REPLACE INTO parts (upload_id, part_number, etag, size, last_modified) VALUES (?, ?, ?, ?, ?)',
      )
      .run(uploadId, partNumber, md5, size, Date.now());
  }

  parts(uploadId: string): Part[] {
    const rows = this.db
      .prepare('SELECT part_number, etag, size, last_modified FROM parts WHERE upload_id = ? ORDER BY part_number')
      .all(uploadId) as { part_number: number; etag: string; size: number; last_modified: number }[];
    return rows.map((r) => ({
      partNumber: r.part_number,
      etag: r.etag,
      size: r.size,
      lastModified: new Date(r.last_modified),
    }));
  }

  endUpload(uploadId: string): void {
    this.db.prepare('DELETE FROM uploads WHERE upload_id = ?').run(uploadId);
    this.db.prepare('DELETE FROM parts WHERE upload_id = ?').run(uploadId);
    rmSync(join(this.uploadsDir, uploadId), { recursive: true, force: true });
  }

  /** Uploads neither completed nor aborted within `maxAgeMs` are dropped with their parts. */
  expireUploads(maxAgeMs: number, now = Date.now()): number {
    const old = this.db.prepare('SELECT upload_id FROM uploads WHERE created < ?').all(now - maxAgeMs) as {
      upload_id: string;
    }[];
    for (const { upload_id } of old) this.endUpload(upload_id);
    return old.length;
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ObjectMeta {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  lastModified: Date;
  file: string;
}

export class ChecksumMismatchError extends Error {}

interface Row {
  key: string;
  size: number;
  etag: string;
  content_type: string;
  metadata: string;
  last_modified: number;
  file: string;
}

const toMeta = (r: Row): ObjectMeta => ({
  key: r.key,
  size: r.size,
  etag: r.etag,
  contentType: r.content_type,
  metadata: JSON.parse(r.metadata) as Record<string, string>,
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
    // Half-written bodies from a crash are never objects: drop them.
    for (const f of readdirSync(this.tmpDir)) rmSync(join(this.tmpDir, f), { force: true });
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
  }

  close(): void {
    this.db.close();
  }

  head(key: string): ObjectMeta | undefined {
    const row = this.db.prepare('SELECT * FROM objects WHERE key = ?').get(key) as Row | undefined;
    return row ? toMeta(row) : undefined;
  }

  /** Streams a body to a temporary file; returns its path, size and MD5 (and SHA-256 hex). */
  async receive(body: Readable): Promise<{ tmp: string; size: number; md5: string; sha256: string }> {
    const tmp = join(this.tmpDir, randomUUID());
    const md5 = createHash('md5');
    const sha = createHash('sha256');
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      md5.update(chunk);
      sha.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(body, createWriteStream(tmp));
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return { tmp, size, md5: md5.digest('hex'), sha256: sha.digest('hex') };
  }

  discard(tmp: string): void {
    rmSync(tmp, { force: true });
  }

  /** Moves a received body into place as `key`, replacing any previous object atomically. */
  commit(
    key: string,
    tmp: string,
    info: { size: number; etag: string; contentType: string; metadata: Record<string, string>; lastModified?: Date },
  ): ObjectMeta {
    const file = randomUUID();
    renameSync(tmp, join(this.objectsDir, file));
    const previous = this.head(key);
    this.db
      .prepare(
        `INSERT INTO objects (key, size, etag, content_type, metadata, last_modified, file) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET size = excluded.size, etag = excluded.etag, content_type = excluded.content_type,
         metadata = excluded.metadata, last_modified = excluded.last_modified, file = excluded.file`,
      )
      .run(
        key,
        info.size,
        info.etag,
        info.contentType,
        JSON.stringify(info.metadata),
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

  /** Keys after `startAfter` under `prefix`, in UTF-8 binary order, at most `limit`. */
  list(prefix: string, startAfter: string, limit: number): ObjectMeta[] {
    const rows = this.db
      .prepare('SELECT * FROM objects WHERE key > ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?')
      .all(startAfter, prefix.length, prefix, limit) as unknown as Row[];
    return rows.map(toMeta);
  }

  // ── multipart ──

  createUpload(key: string, contentType: string, metadata: Record<string, string>): string {
    const uploadId = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
    mkdirSync(join(this.uploadsDir, uploadId));
    this.db
      .prepare('INSERT INTO uploads (upload_id, key, content_type, metadata, created) VALUES (?, ?, ?, ?, ?)')
      .run(uploadId, key, contentType, JSON.stringify(metadata), Date.now());
    return uploadId;
  }

  upload(
    uploadId: string,
  ): { key: string; contentType: string; metadata: Record<string, string>; created: number } | undefined {
    const row = this.db.prepare('SELECT * FROM uploads WHERE upload_id = ?').get(uploadId) as
      | { key: string; content_type: string; metadata: string; created: number }
      | undefined;
    return (
      row && {
        key: row.key,
        contentType: row.content_type,
        metadata: JSON.parse(row.metadata) as Record<string, string>,
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

  parts(uploadId: string): { partNumber: number; etag: string; size: number; lastModified: Date }[] {
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
  expireUploads(maxAgeMs: number): number {
    const old = this.db.prepare('SELECT upload_id FROM uploads WHERE created < ?').all(Date.now() - maxAgeMs) as {
      upload_id: string;
    }[];
    for (const { upload_id } of old) this.endUpload(upload_id);
    return old.length;
  }
}

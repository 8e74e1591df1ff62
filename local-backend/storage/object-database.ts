import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LocalDatabase } from '../sqlite.ts';
import { VERSIONS_SCHEMA } from './version-store.ts';

/** The local S3's database: objects, uploads and their parts, versions; columns added since, added to an older one. */
export function openObjectDatabase(path: string): LocalDatabase {
  const db = new LocalDatabase(
    path,
    `
      CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, size INTEGER NOT NULL, etag TEXT NOT NULL,
        content_type TEXT NOT NULL, metadata TEXT NOT NULL, last_modified INTEGER NOT NULL, file TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, key TEXT NOT NULL, content_type TEXT NOT NULL,
        metadata TEXT NOT NULL, created INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS parts (upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, etag TEXT NOT NULL,
        size INTEGER NOT NULL, last_modified INTEGER NOT NULL, PRIMARY KEY (upload_id, part_number));
      ${VERSIONS_SCHEMA}
    `,
  );
  db.addColumn('objects', 'headers', "TEXT NOT NULL DEFAULT '{}'");
  db.addColumn('objects', 'crc32', 'TEXT');
  db.addColumn('objects', 'checksum', 'TEXT');
  db.addColumn('uploads', 'headers', "TEXT NOT NULL DEFAULT '{}'");
  db.addColumn('uploads', 'checksum_algorithm', 'TEXT');
  db.addColumn('uploads', 'checksum_type', 'TEXT');
  db.addColumn('parts', 'checksum', 'TEXT');
  db.addColumn('objects', 'version_id', 'TEXT');
  db.addColumn('objects', 'seq', 'INTEGER NOT NULL DEFAULT 0');
  return db;
}

/**
 * After a crash: half-written bodies, bodies no row points at (crash between writing and
 * commit) and part directories of unknown uploads are never objects; drop them.
 */
export function collectGarbage(
  db: LocalDatabase,
  dirs: { tmpDir: string; objectsDir: string; uploadsDir: string },
): void {
  for (const f of readdirSync(dirs.tmpDir)) rmSync(join(dirs.tmpDir, f), { force: true });
  const files = new Set(
    (
      db.prepare('SELECT file FROM objects UNION ALL SELECT file FROM versions WHERE file IS NOT NULL').all() as {
        file: string;
      }[]
    ).map((r) => r.file),
  );
  for (const f of readdirSync(dirs.objectsDir)) if (!files.has(f)) rmSync(join(dirs.objectsDir, f), { force: true });
  const uploads = new Set(
    (db.prepare('SELECT upload_id FROM uploads').all() as { upload_id: string }[]).map((r) => r.upload_id),
  );
  for (const d of readdirSync(dirs.uploadsDir)) {
    if (!uploads.has(d)) rmSync(join(dirs.uploadsDir, d), { recursive: true, force: true });
  }
}

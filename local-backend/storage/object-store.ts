import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalDatabase } from '../sqlite.ts';
import { BodySinks } from './body-sink.ts';
import { CurrentObjects } from './current-objects.ts';
import { KeyListing } from './key-listing.ts';
import { collectGarbage, openObjectDatabase } from './object-database.ts';
import { EMPTY_MARKER, toMeta, type ObjectInfo, type ObjectMeta, type Row } from './object-meta.ts';
import { UploadStore } from './upload-store.ts';
import { newVersionId, VersionStore, type VersionRow } from './version-store.ts';

export { toMeta, type ObjectInfo, type ObjectMeta } from './object-meta.ts';

/** What deleting a key or one of its versions did, as DeleteObject's headers tell it. */
export interface DeleteOutcome {
  deleteMarker: boolean;
  /** The marker's version id (a new marker, or the one removed), or the version removed. */
  versionId?: string;
}

interface PendingCommit {
  key: string;
  file: string;
  info: ObjectInfo;
  resolve: (meta: ObjectMeta) => void;
  reject: (err: unknown) => void;
}

/**
 * Objects on disk under the data directory: bodies in files named by a random id (so no key can
 * name a path), metadata in node:sqlite. A body is written under its own new name and its row is
 * committed after, so an object appears only once it is whole; a body no row names (a crash
 * mid-upload) is removed at the next start.
 *
 * Durability: WAL with synchronous=NORMAL. A commit is in the WAL (the OS's page cache) before
 * the client hears of it, so killing the process loses nothing acknowledged; a power loss or
 * kernel crash may lose the last moments of writes (never corrupt the database). Several commits
 * arriving together share one transaction.
 */
export class ObjectStore {
  private readonly db: LocalDatabase;
  readonly objectsDir: string;
  readonly tmpDir: string;
  readonly uploadsDir: string;
  /** The current version of each key. */
  private readonly current: CurrentObjects;
  private pending: PendingCommit[] = [];
  /** Where upload bodies are written and hashed on their way in. */
  readonly sinks = new BodySinks();
  /** Multipart uploads in progress and their parts. */
  readonly uploads: UploadStore;
  /** Non-current versions, delete markers and the bucket's versioning. */
  readonly versions: VersionStore;
  /** Current objects as ListObjects shows them. */
  readonly listing: KeyListing;

  constructor(
    dataDir: string,
    /** The clock versions and lifecycle go by (tests drive it). */
    readonly now: () => number = Date.now,
  ) {
    const root = join(dataDir, 's3');
    this.objectsDir = join(root, 'objects');
    this.tmpDir = join(root, 'tmp');
    this.uploadsDir = join(root, 'multipart');
    for (const dir of [this.objectsDir, this.tmpDir, this.uploadsDir]) mkdirSync(dir, { recursive: true });
    this.db = openObjectDatabase(join(root, 'objects.db'));
    this.current = new CurrentObjects(this.db);
    this.uploads = new UploadStore(this.db, this.uploadsDir);
    this.versions = new VersionStore(this.db);
    this.listing = new KeyListing(this.db);
    collectGarbage(this.db, this);
  }

  close(): void {
    this.flush();
    this.db.close();
    void this.sinks.close();
  }

  head(key: string): ObjectMeta | undefined {
    const row = this.current.get(key);
    return row ? toMeta(row) : undefined;
  }

  /** A new body file's name and path; it becomes an object only through commit(). */
  newBody(): { file: string; path: string } {
    const file = randomUUID();
    return { file, path: join(this.objectsDir, file) };
  }

  discard(path: string): void {
    rmSync(path, { force: true });
  }

  /** Makes the body file `file` the object `key`, replacing any previous object atomically. */
  commit(key: string, file: string, info: ObjectInfo): ObjectMeta {
    const meta = this.db.transaction(() => this.upsert(key, file, info));
    for (const f of meta.dropped) this.removeBody(f);
    return meta.meta;
  }

  /** commit(), sharing one transaction with the other commits of this turn of the event loop. */
  commitSoon(key: string, file: string, info: ObjectInfo): Promise<ObjectMeta> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, file, info, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let done: { meta: ObjectMeta; dropped: string[] }[];
    try {
      done = this.db.transaction(() => batch.map((c) => this.upsert(c.key, c.file, c.info)));
    } catch (err) {
      for (const c of batch) c.reject(err);
      return;
    }
    batch.forEach((c, i) => {
      for (const f of done[i]!.dropped) this.removeBody(f);
      c.resolve(done[i]!.meta);
    });
  }

  /** Runs inside a transaction: the new current version of `key`, and the bodies no version names any more. */
  private upsert(key: string, file: string, info: ObjectInfo): { meta: ObjectMeta; dropped: string[] } {
    const state = this.versions.versioning;
    const dropped: string[] = [];
    const previous = this.current.get(key);
    if (state === 'Unversioned') {
      if (previous && previous.file !== file) dropped.push(previous.file);
    } else {
      this.retireCurrent(key, previous, dropped);
    }
    const meta: ObjectMeta = {
      key,
      size: info.size,
      etag: info.etag,
      contentType: info.contentType,
      metadata: info.metadata,
      headers: info.headers ?? {},
      checksum: info.checksum,
      lastModified: info.lastModified ?? new Date(this.now()),
      file,
      versionId: state === 'Enabled' ? newVersionId() : 'null',
      seq: this.versions.nextSeq(key),
    };
    this.current.write({
      key,
      size: info.size,
      etag: info.etag,
      content_type: info.contentType,
      metadata: JSON.stringify(info.metadata),
      headers: JSON.stringify(meta.headers),
      checksum: info.checksum ? JSON.stringify(info.checksum) : null,
      last_modified: meta.lastModified.getTime(),
      file,
      version_id: meta.versionId === 'null' ? null : meta.versionId,
      seq: meta.seq,
    });
    return { meta, dropped };
  }

  /**
   * On a versioned bucket, the key's current object and latest delete marker stop being current.
   * A version null is replaced rather than kept while versioning is suspended, as S3 does.
   */
  private retireCurrent(key: string, current: Row | undefined, dropped: string[]): void {
    const now = this.now();
    const suspended = this.versions.versioning === 'Suspended';
    if (current) {
      this.current.remove(key);
      if (suspended && current.version_id === null) dropped.push(current.file);
      else this.versions.insert({ ...current, delete_marker: 0, is_latest: 0, noncurrent_since: now });
    }
    this.versions.retireMarker(key, now);
    if (suspended) {
      for (const v of this.versions.ofKey(key).filter((r) => r.version_id === null)) {
        this.versions.remove(key, v.seq);
        if (v.file) dropped.push(v.file);
      }
    }
  }

  /** DeleteObject without a version id: the object goes, or (versioned) a delete marker becomes its latest version. */
  deleteObject(key: string): DeleteOutcome {
    if (this.versions.versioning === 'Unversioned') {
      this.delete(key);
      return { deleteMarker: false };
    }
    const dropped: string[] = [];
    const outcome = this.db.transaction((): DeleteOutcome => {
      this.retireCurrent(key, this.current.get(key), dropped);
      const versionId = this.versions.versioning === 'Enabled' ? newVersionId() : 'null';
      this.versions.insert({
        ...EMPTY_MARKER,
        key,
        version_id: versionId === 'null' ? null : versionId,
        seq: this.versions.nextSeq(key),
        last_modified: this.now(),
      });
      return { deleteMarker: true, versionId };
    });
    for (const f of dropped) this.removeBody(f);
    return outcome;
  }

  /** A version of `key` by id: an object's metadata, or a delete marker; undefined if there is none. */
  version(key: string, versionId: string): { meta?: ObjectMeta; marker?: VersionRow } | undefined {
    const current = this.current.get(key);
    if (current && (current.version_id ?? 'null') === versionId) return { meta: toMeta(current) };
    const row = this.versions.ofKey(key).find((v) => (v.version_id ?? 'null') === versionId);
    if (!row) return undefined;
    return row.delete_marker ? { marker: row } : { meta: toMeta(row) };
  }

  /**
   * DeleteObject with a version id: that version is gone for good. When it was the latest, the
   * newest version left becomes the latest (an object again current, or a delete marker).
   */
  deleteVersion(key: string, versionId: string): DeleteOutcome {
    const dropped: string[] = [];
    const outcome = this.db.transaction((): DeleteOutcome => {
      const current = this.current.get(key);
      if (current && (current.version_id ?? 'null') === versionId) {
        this.current.remove(key);
        dropped.push(current.file);
        this.promoteNewest(key);
        return { deleteMarker: false, versionId };
      }
      const row = this.versions.ofKey(key).find((v) => (v.version_id ?? 'null') === versionId);
      if (!row) return { deleteMarker: false, versionId };
      this.versions.remove(key, row.seq);
      if (row.file) dropped.push(row.file);
      if (row.is_latest) this.promoteNewest(key);
      return { deleteMarker: row.delete_marker === 1, versionId };
    });
    for (const f of dropped) this.removeBody(f);
    return outcome;
  }

  private promoteNewest(key: string): void {
    const newest = this.versions.ofKey(key)[0];
    if (!newest) return;
    if (newest.delete_marker) return this.versions.promoteMarker(key, newest.seq);
    this.versions.remove(key, newest.seq);
    this.current.write({ ...newest, file: newest.file ?? '' });
  }

  private removeBody(file: string | undefined): void {
    if (file) rmSync(join(this.objectsDir, file), { force: true });
  }

  path(meta: ObjectMeta): string {
    return join(this.objectsDir, meta.file);
  }

  delete(key: string): void {
    this.removeBody(this.current.remove(key));
  }

  /** Keys after `startAfter` under `prefix`, in UTF-8 binary order (S3's), at most `limit`. */
  list(prefix: string, startAfter: string, limit: number): ObjectMeta[] {
    return this.current.list(prefix, startAfter, limit).map(toMeta);
  }

  count(prefix: string): number {
    return this.current.count(prefix);
  }

  /** Uploads neither completed nor aborted within `maxAgeMs` are dropped with their parts. */
  expireUploads(maxAgeMs: number, now = Date.now()): number {
    return this.uploads.expire(maxAgeMs, now);
  }
}

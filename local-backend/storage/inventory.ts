import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { InventoryConfiguration } from './inventory-config.ts';
import { listedChecksum, type ListedObject } from './key-listing.ts';
import type { ObjectInfo, ObjectMeta } from './object-meta.ts';
import type { ObjectStore } from './object-store.ts';
import type { VersionRow } from './version-store.ts';

/** S3's manifest version for inventory reports. */
const MANIFEST_VERSION = '2016-11-30';
const PAGE = 1000;

export interface InventoryReport {
  manifestKey: string;
  dataKeys: string[];
  rows: number;
}

/**
 * Stores one report file (a body already in the store's objects folder) as S3 delivers it: a PUT
 * by the service into the destination, which the bucket's notifications hear of. Without one the
 * file is committed straight into the store.
 */
export type DeliverObject = (key: string, file: string, info: ObjectInfo) => ObjectMeta | Promise<ObjectMeta>;

/** One inventory row before its optional columns: a current object, or (All versions) any version. */
interface Entry {
  object: ListedObject;
  version?: { id: string; isLatest: boolean; deleteMarker: boolean };
}

/** Keys as S3 Inventory writes them in CSV: URL-encoded (a reader decodes them). */
const encodeKey = (key: string) => encodeURIComponent(key).replace(/%2F/g, '/');
const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** An optional column's value; one the local S3 does not track is left empty, as S3 leaves an unknown one. */
function field(name: string, e: Entry): string {
  if (e.version?.deleteMarker) return '';
  const o = e.object;
  switch (name) {
    case 'Size':
      return String(o.size);
    case 'LastModifiedDate':
      return new Date(o.last_modified).toISOString();
    case 'ETag':
      return o.etag;
    case 'StorageClass':
      return 'STANDARD';
    case 'IsMultipartUploaded':
      return String(o.etag.includes('-'));
    case 'ChecksumAlgorithm':
      return listedChecksum(o)?.algorithm ?? '';
    default:
      return '';
  }
}

/** The report's columns as its manifest's fileSchema names them. */
export function fileSchema(config: InventoryConfiguration): string {
  const versions = config.includedVersions === 'All' ? ['VersionId', 'IsLatest', 'IsDeleteMarker'] : [];
  return ['Bucket', 'Key', ...versions, ...config.fields].join(', ');
}

/** Every row of the report in key order (each key's versions newest first), read a page at a time. */
function* entries(store: ObjectStore, config: InventoryConfiguration): Generator<Entry> {
  if (config.includedVersions === 'Current') {
    let after = '';
    while (true) {
      const page = store.listing.list(config.prefix, after, PAGE);
      for (const object of page) yield { object };
      if (page.length < PAGE) return;
      after = page.at(-1)!.key;
    }
  }
  let after: { key: string; seq: number } = { key: '', seq: -1 };
  while (true) {
    const page: VersionRow[] = store.versions.list(config.prefix, after.key, after.seq, PAGE);
    for (const v of page) {
      yield {
        object: v,
        version: { id: v.version_id ?? 'null', isLatest: v.is_latest === 1, deleteMarker: v.delete_marker === 1 },
      };
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!;
  }
}

/** `2026-12-06T07-32Z`: the folder of one report, as S3 names it. */
export const reportStamp = (at: Date) => `${at.toISOString().slice(0, 16).replace(':', '-')}Z`;

/**
 * Writes one S3 Inventory report of the bucket as S3 lays it out in the destination:
 * `<prefix>/<bucket>/<id>/data/<uuid>.csv.gz` (gzipped CSV, every value quoted, keys URL-encoded,
 * at most `rowsPerFile` rows each), then `<prefix>/<bucket>/<id>/<stamp>/manifest.json` listing
 * them with their sizes and MD5s, and `manifest.checksum` (the manifest's MD5). The data files are
 * stored before the manifest, so a manifest never names a file that is not there.
 */
export async function writeInventory(
  store: ObjectStore,
  bucket: string,
  config: InventoryConfiguration,
  at = new Date(store.now()),
  rowsPerFile = 250_000,
  deliver: DeliverObject = (key, file, info) => store.commit(key, file, info),
): Promise<InventoryReport> {
  if (!config.toThisBucket)
    throw new Error(`inventory ${config.id}: the local S3 can only deliver to the bucket itself`);
  if (config.format !== 'CSV')
    throw new Error(`inventory ${config.id}: only CSV is written locally, not ${config.format}`);
  const base = [config.destinationPrefix.replace(/\/+$/, ''), bucket, config.id].filter(Boolean).join('/');
  const rows = entries(store, config);
  const files: { key: string; size: number; MD5checksum: string }[] = [];
  let count = 0;
  let next = rows.next();
  while (!next.done) {
    const lines = function* () {
      for (let n = 0; n < rowsPerFile && !next.done; n++, count++, next = rows.next()) {
        const e = next.value;
        const version = e.version ? [e.version.id, String(e.version.isLatest), String(e.version.deleteMarker)] : [];
        const values = [bucket, encodeKey(e.object.key), ...version, ...config.fields.map((f) => field(f, e))];
        yield values.map(quoted).join(',') + '\n';
      }
    };
    files.push(await storeGzipped(store, deliver, `${base}/data/${randomUUID()}.csv.gz`, Readable.from(lines())));
  }
  const manifest = JSON.stringify(
    {
      sourceBucket: bucket,
      destinationBucket: `arn:aws:s3:::${bucket}`,
      version: MANIFEST_VERSION,
      creationTimestamp: String(at.getTime()),
      fileFormat: 'CSV',
      fileSchema: fileSchema(config),
      files,
    },
    null,
    2,
  );
  const folder = `${base}/${reportStamp(at)}`;
  const md5 = createHash('md5').update(manifest).digest('hex');
  await storeBytes(store, deliver, `${folder}/manifest.json`, Buffer.from(manifest), 'application/json');
  await storeBytes(store, deliver, `${folder}/manifest.checksum`, Buffer.from(md5), 'text/plain');
  return { manifestKey: `${folder}/manifest.json`, dataKeys: files.map((f) => f.key), rows: count };
}

/** Gzips `lines` into a new object `key`: its size and the MD5 of its (compressed) bytes. */
async function storeGzipped(store: ObjectStore, deliver: DeliverObject, key: string, lines: Readable) {
  const body = store.newBody();
  const md5 = createHash('md5');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      md5.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(lines, createGzip(), measure, createWriteStream(body.path));
  } catch (err) {
    store.discard(body.path);
    throw err;
  }
  const etag = md5.digest('hex');
  await deliverOrDiscard(store, deliver, key, body, {
    size,
    etag,
    contentType: 'application/octet-stream',
    metadata: {},
  });
  return { key, size, MD5checksum: etag };
}

async function storeBytes(
  store: ObjectStore,
  deliver: DeliverObject,
  key: string,
  bytes: Buffer,
  contentType: string,
): Promise<void> {
  const body = store.newBody();
  writeFileSync(body.path, bytes);
  const etag = createHash('md5').update(bytes).digest('hex');
  await deliverOrDiscard(store, deliver, key, body, { size: bytes.length, etag, contentType, metadata: {} });
}

/** A body whose delivery failed is removed: at worst the report lacks it, never a row without its file. */
async function deliverOrDiscard(
  store: ObjectStore,
  deliver: DeliverObject,
  key: string,
  body: { file: string; path: string },
  info: ObjectInfo,
): Promise<void> {
  try {
    await deliver(key, body.file, info);
  } catch (err) {
    store.discard(body.path);
    throw err;
  }
}

import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { INVENTORY_ID, INVENTORY_PREFIX, INVENTORY_SOURCE_PREFIX } from '../../storage/inventory';
import type { ListedObject } from './scan-join';
import { ExternalSort, type RunCodec } from './sorted-runs';

/** An S3 Inventory manifest.json: the fields the scan reads. */
export interface InventoryManifest {
  /** Where it was found. */
  key: string;
  sourceBucket: string;
  /** Epoch milliseconds, as text: objects written after it may be missing from the report. */
  creationTimestamp: string;
  fileFormat: string;
  fileSchema: string;
  files: { key: string; size: number; MD5checksum: string }[];
}

/**
 * The newest inventory report of the bucket (`<prefix>/<bucket>/<id>/<YYYY-MM-DDTHH-MMZ>/`, the
 * folder names sorting by time), or undefined when there is none yet.
 */
export async function latestInventory(s3: S3Client, bucket: string): Promise<InventoryManifest | undefined> {
  const base = `${INVENTORY_PREFIX}/${bucket}/${INVENTORY_ID}/`;
  const folders: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: base, Delimiter: '/', ContinuationToken: token }),
    );
    for (const p of page.CommonPrefixes ?? [])
      if (/\/\d{4}-\d\d-\d\dT\d\d-\d\dZ\/$/.test(p.Prefix!)) folders.push(p.Prefix!);
    token = page.NextContinuationToken;
  } while (token);
  for (const folder of folders.sort().reverse()) {
    const key = `${folder}manifest.json`;
    try {
      const body = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new Error(`inventory ${key}: the manifest is not JSON`);
      }
      if (typeof parsed !== 'object' || parsed === null) throw new Error(`inventory ${key}: the manifest is no object`);
      return { ...(parsed as Omit<InventoryManifest, 'key'>), key };
    } catch (err) {
      // A folder whose manifest is not there (yet): S3 writes the manifest last.
      if ((err as { name?: string }).name !== 'NoSuchKey') throw err;
    }
  }
  return undefined;
}

const unquote = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"(?:,|$)/g)].map((m) => m[1]!.replace(/""/g, '"'));

/**
 * The report's objects under `prefixes`, file by file, streamed (never a whole file in memory).
 * Needs the Size and LastModifiedDate columns; keys are URL-decoded. S3 does not promise any
 * order across or within the files: a reader that needs key order sorts.
 */
export async function* inventoryObjects(
  s3: S3Client,
  bucket: string,
  manifest: InventoryManifest,
  prefixes: string[],
): AsyncGenerator<ListedObject> {
  if (manifest.fileFormat !== 'CSV') throw new Error(`inventory ${manifest.key}: ${manifest.fileFormat} is not read`);
  const columns = manifest.fileSchema.split(',').map((c) => c.trim());
  const [keyAt, sizeAt, dateAt] = ['Key', 'Size', 'LastModifiedDate'].map((c) => columns.indexOf(c));
  if (keyAt! < 0 || sizeAt! < 0 || dateAt! < 0) {
    throw new Error(`inventory ${manifest.key}: needs Key, Size and LastModifiedDate, has ${manifest.fileSchema}`);
  }
  const deleteMarkerAt = columns.indexOf('IsDeleteMarker');
  const latestAt = columns.indexOf('IsLatest');
  for (const file of manifest.files) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: file.key }));
    const lines = createInterface({ input: (object.Body as Readable).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      const values = unquote(line);
      if (deleteMarkerAt >= 0 && values[deleteMarkerAt] === 'true') continue;
      if (latestAt >= 0 && values[latestAt] !== 'true') continue;
      const key = decodeURIComponent(values[keyAt!]!.replace(/\+/g, ' '));
      if (!prefixes.some((p) => key.startsWith(p))) continue;
      yield { key, size: Number(values[sizeAt!]), lastModified: Date.parse(values[dateAt!]!) };
    }
  }
}

/** A report older than this is not used: the scan lists instead. */
export const INVENTORY_MAX_AGE_MS = 48 * 3_600_000;

/** The newest report the scan may read, or why it lists the bucket instead. */
export type InventoryChoice = { manifest: InventoryManifest } | { manifest?: undefined; reason: string };

/**
 * The newest report if the scan may use it: its configuration's prefix covers every scanned
 * prefix, its manifest is whole (the fields the reader needs, CSV, every data file present) and
 * it is younger than INVENTORY_MAX_AGE_MS at `now`; otherwise the reason, and the scan lists.
 * A data file that turns unreadable after this check fails the run with the reason.
 */
export async function usableInventory(
  s3: S3Client,
  bucket: string,
  prefixes: string[],
  now: number,
): Promise<InventoryChoice> {
  const uncovered = prefixes.find((p) => !p.startsWith(INVENTORY_SOURCE_PREFIX));
  if (uncovered) return { reason: `the inventory covers ${INVENTORY_SOURCE_PREFIX} only, not ${uncovered}` };
  let manifest: InventoryManifest | undefined;
  try {
    manifest = await latestInventory(s3, bucket);
  } catch (err) {
    return { reason: (err as Error).message };
  }
  if (!manifest) return { reason: 'no inventory report yet' };
  const flaw = manifestFlaw(manifest, bucket);
  if (flaw) return { reason: `inventory ${manifest.key}: ${flaw}` };
  const hours = (now - Number(manifest.creationTimestamp)) / 3_600_000;
  if (hours < 0 || hours >= INVENTORY_MAX_AGE_MS / 3_600_000) {
    return {
      reason: `inventory ${manifest.key} was made ${hours.toFixed(0)} h ago (one at most ${INVENTORY_MAX_AGE_MS / 3_600_000} h old is used)`,
    };
  }
  for (const file of manifest.files) {
    if (!(await headObject(s3, bucket, file.key))) {
      return { reason: `inventory ${manifest.key}: its data file ${file.key} is missing` };
    }
  }
  return { manifest };
}

/** What makes a manifest unreadable to the scan, or undefined. */
function manifestFlaw(m: InventoryManifest, bucket: string): string | undefined {
  if (m.sourceBucket !== bucket) return `it lists bucket ${String(m.sourceBucket)}, not ${bucket}`;
  if (!/^\d+$/.test(String(m.creationTimestamp))) return 'its creationTimestamp is not a time';
  if (m.fileFormat !== 'CSV') return `its format ${String(m.fileFormat)} is not read (CSV is)`;
  const columns = typeof m.fileSchema === 'string' ? m.fileSchema.split(',').map((c) => c.trim()) : [];
  const lacking = ['Key', 'Size', 'LastModifiedDate'].filter((c) => !columns.includes(c));
  if (lacking.length) return `its fileSchema lacks ${lacking.join(', ')}`;
  if (!Array.isArray(m.files) || m.files.length === 0 || m.files.some((f) => typeof f?.key !== 'string')) {
    return 'it names no data files';
  }
  return undefined;
}

const objectCodec: RunCodec<ListedObject> = {
  keyOf: (o) => o.key,
  encode: (o) => JSON.stringify([o.key, o.size, o.lastModified]),
  decode: (line) => {
    const [key, size, lastModified] = JSON.parse(line) as [string, number, number];
    return { key, size, lastModified };
  },
};

/**
 * The report's objects under `prefixes` in S3's key order, sorted with spilled runs (the report's
 * files have no order among them). `onRows` is told every 1,000 rows read.
 */
export async function* inventoryInKeyOrder(
  s3: S3Client,
  bucket: string,
  manifest: InventoryManifest,
  prefixes: string[],
  onRows: (read: number) => void,
): AsyncGenerator<ListedObject> {
  const sort = new ExternalSort(objectCodec);
  try {
    let read = 0;
    for await (const o of inventoryObjects(s3, bucket, manifest, prefixes)) {
      sort.add(o);
      if (++read % 1000 === 0) {
        onRows(1000);
        await sort.ready();
      }
    }
    onRows(read % 1000);
    yield* sort.sorted();
  } finally {
    sort.close();
  }
}

/** The object at `key` as HeadObject finds it now, or undefined when there is none. */
export async function headObject(s3: S3Client, bucket: string, key: string): Promise<ListedObject | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { key, size: head.ContentLength ?? 0, lastModified: head.LastModified?.getTime() ?? 0 };
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFound' || (err as { name?: string }).name === 'NoSuchKey') {
      return undefined;
    }
    throw err;
  }
}

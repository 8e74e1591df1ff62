import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { INVENTORY_ID, INVENTORY_PREFIX } from '../../storage/inventory';
import type { ListedObject } from './scan-join';

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
      return { ...(JSON.parse(body) as Omit<InventoryManifest, 'key'>), key };
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

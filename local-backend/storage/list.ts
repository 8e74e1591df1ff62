import type { ObjectMeta, ObjectStore } from './object-store.ts';
import { pageSize } from './paging.ts';
import { S3Error } from './s3-error.ts';
import { isUploadId, type UploadSummary } from './upload-store.ts';
import { doc, type XmlElement } from './xml.ts';

/** Sorts after every key that starts with the string it is appended to. */
export const AFTER_ALL = '\u{10FFFF}';

interface Page<T> {
  items: T[];
  prefixes: string[];
  truncated: boolean;
  /** The last key the page covers; after a common prefix, the prefix followed by AFTER_ALL. */
  last: string;
}

/**
 * One page of keys in UTF-8 binary order after `after`, `delimiter` rolling keys up into common
 * prefixes (each counts once towards `max`). `fetch` reads the next batch after a key.
 */
export function page<T extends { key: string }>(
  fetch: (after: T | string) => T[],
  prefix: string,
  delimiter: string,
  max: number,
  after: T | string,
): Page<T> {
  const items: T[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let cursor = after;
  // An empty page is all a client asking for none gets: not a truncated one it would follow forever.
  if (max === 0) return { items, prefixes, truncated, last: typeof after === 'string' ? after : after.key };
  outer: while (true) {
    const batch = fetch(cursor);
    if (batch.length === 0) break;
    for (const item of batch) {
      if (items.length + prefixes.length >= max) {
        truncated = true;
        break outer;
      }
      const i = delimiter ? item.key.indexOf(delimiter, prefix.length) : -1;
      if (i >= 0) {
        const common = item.key.slice(0, i + delimiter.length);
        prefixes.push(common);
        cursor = common + AFTER_ALL;
        continue outer;
      }
      items.push(item);
      cursor = item;
    }
  }
  return { items, prefixes, truncated, last: typeof cursor === 'string' ? cursor : cursor.key };
}

/** `encoding-type=url` (which aws-amplify always asks for) percent-encodes keys, slashes kept. */
export function encoder(q: URLSearchParams) {
  const type = q.get('encoding-type');
  if (type !== null && type.toLowerCase() !== 'url') {
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: type,
    });
  }
  const url = type !== null;
  return {
    /** Echoed as sent: S3 takes `URL` as well. */
    type: type ?? undefined,
    k: (s: string) => (url ? encodeURIComponent(s).replace(/%2F/g, '/') : s),
  };
}

const contentsOf = (m: ObjectMeta, k: (s: string) => string): XmlElement => ({
  Key: k(m.key),
  LastModified: m.lastModified.toISOString(),
  ETag: `"${m.etag}"`,
  ...(m.checksum ? { ChecksumAlgorithm: m.checksum.algorithm, ChecksumType: m.checksum.type } : {}),
  Size: m.size,
  StorageClass: 'STANDARD',
});

function objectPage(store: ObjectStore, q: URLSearchParams, after: string) {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = pageSize(q, 'max-keys', 'maxKeys');
  const result = page<ObjectMeta>(
    (cursor) => store.list(prefix, typeof cursor === 'string' ? cursor : cursor.key, 500),
    prefix,
    delimiter,
    maxKeys,
    after,
  );
  return { prefix, delimiter, maxKeys, ...result };
}

/**
 * ListObjectsV2 as S3 answers it: keys in UTF-8 binary order, `delimiter` rolling keys up into
 * CommonPrefixes, an opaque continuation token, and `encoding-type=url`.
 */
export function listObjectsV2(store: ObjectStore, bucket: string, q: URLSearchParams): string {
  const token = q.get('continuation-token');
  const startAfter = q.get('start-after') ?? '';
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : startAfter;
  const p = objectPage(store, q, after);
  const { type, k } = encoder(q);
  return doc('ListBucketResult', {
    Name: bucket,
    Prefix: k(p.prefix),
    Delimiter: p.delimiter ? k(p.delimiter) : undefined,
    MaxKeys: p.maxKeys,
    EncodingType: type,
    KeyCount: p.items.length + p.prefixes.length,
    IsTruncated: p.truncated,
    ContinuationToken: token ?? undefined,
    StartAfter: startAfter ? k(startAfter) : undefined,
    NextContinuationToken: p.truncated ? Buffer.from(p.last, 'utf8').toString('base64url') : undefined,
    Contents: p.items.map((m) => contentsOf(m, k)),
    CommonPrefixes: p.prefixes.map((x) => ({ Prefix: k(x) })),
  });
}

/** ListObjects (v1): a `marker` instead of a token; NextMarker only with a delimiter, as S3 does. */
export function listObjectsV1(store: ObjectStore, bucket: string, q: URLSearchParams): string {
  const marker = q.get('marker') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  // A NextMarker that is a common prefix stands for everything under it.
  const p = objectPage(store, q, delimiter && marker.endsWith(delimiter) ? marker + AFTER_ALL : marker);
  const { type, k } = encoder(q);
  return doc('ListBucketResult', {
    Name: bucket,
    Prefix: k(p.prefix),
    Marker: k(marker),
    NextMarker: p.truncated && p.delimiter ? k(p.last.replace(AFTER_ALL, '')) : undefined,
    MaxKeys: p.maxKeys,
    Delimiter: p.delimiter ? k(p.delimiter) : undefined,
    EncodingType: type,
    IsTruncated: p.truncated,
    Contents: p.items.map((m) => contentsOf(m, k)),
    CommonPrefixes: p.prefixes.map((x) => ({ Prefix: k(x) })),
  });
}

/** ListMultipartUploads: uploads in progress by key, then upload id, with key and upload-id markers. */
export function listMultipartUploads(store: ObjectStore, bucket: string, q: URLSearchParams): string {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const uploadIdMarker = keyMarker ? (q.get('upload-id-marker') ?? '') : '';
  // S3 refuses a marker that cannot be one of its upload ids; one of an upload that has since
  // ended still marks a place in the order.
  if (uploadIdMarker && !isUploadId(uploadIdMarker)) {
    throw new S3Error('InvalidArgument', 'Invalid uploadId marker', {
      ArgumentName: 'upload-id-marker',
      ArgumentValue: uploadIdMarker,
    });
  }
  const maxUploads = pageSize(q, 'max-uploads');
  const result = page<UploadSummary>(
    (cursor) =>
      typeof cursor === 'string'
        ? store.uploads.list(prefix, cursor, cursor === keyMarker ? uploadIdMarker : '', 500)
        : store.uploads.list(prefix, cursor.key, cursor.uploadId, 500),
    prefix,
    delimiter,
    maxUploads,
    delimiter && keyMarker.endsWith(delimiter) ? keyMarker + AFTER_ALL : keyMarker,
  );
  const lastUpload = result.items.at(-1);
  const { type, k } = encoder(q);
  return doc('ListMultipartUploadsResult', {
    Bucket: bucket,
    KeyMarker: k(keyMarker),
    UploadIdMarker: uploadIdMarker,
    NextKeyMarker: result.truncated ? k(result.last.replace(AFTER_ALL, '')) : undefined,
    NextUploadIdMarker:
      result.truncated && lastUpload && lastUpload.key === result.last ? lastUpload.uploadId : undefined,
    Delimiter: delimiter ? k(delimiter) : undefined,
    Prefix: k(prefix),
    MaxUploads: maxUploads,
    EncodingType: type,
    IsTruncated: result.truncated,
    Upload: result.items.map((u) => ({
      Key: k(u.key),
      UploadId: u.uploadId,
      StorageClass: 'STANDARD',
      Initiated: u.created.toISOString(),
    })),
    CommonPrefixes: result.prefixes.map((x) => ({ Prefix: k(x) })),
  });
}

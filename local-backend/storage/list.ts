import type { ObjectStore } from './object-store.ts';
import { pageSize } from './paging.ts';
import { S3Error } from './s3-error.ts';
import { isUploadId, type UploadSummary } from './upload-store.ts';
import { doc } from './xml.ts';

/** Sorts after every key that starts with the string it is appended to. */
export const AFTER_ALL = '\u{10FFFF}';
/** Rows read at a time with a delimiter: after a common prefix, the rest of a read is skipped. */
const DELIMITED_BATCH = 100;

interface Page<T> {
  items: T[];
  prefixes: string[];
  truncated: boolean;
  /** The last key the page covers; after a common prefix, the prefix followed by AFTER_ALL. */
  last: string;
}

/**
 * One page of keys in UTF-8 binary order after `after`, `delimiter` rolling keys up into common
 * prefixes (each counts once towards `max`). `fetch` reads the next at most `limit` entries after
 * a key: one more than the page still has room for, so a full page is one read that also tells
 * whether there is more (smaller reads with a delimiter, whose common prefixes skip ahead).
 */
export function page<T extends { key: string }>(
  fetch: (after: T | string, limit: number) => T[],
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
    const room = max - items.length - prefixes.length + 1;
    const limit = delimiter ? Math.min(room, DELIMITED_BATCH) : room;
    const batch = fetch(cursor, limit);
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
    if (batch.length < limit) break;
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
    (cursor, limit) =>
      typeof cursor === 'string'
        ? store.uploads.list(prefix, cursor, cursor === keyMarker ? uploadIdMarker : '', limit)
        : store.uploads.list(prefix, cursor.key, cursor.uploadId, limit),
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

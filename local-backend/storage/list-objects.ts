import { listedChecksum, type ListedObject } from './key-listing.ts';
import { AFTER_ALL, encoder, page } from './list.ts';
import type { ObjectStore } from './object-store.ts';
import { pageSize } from './paging.ts';
import { DECLARATION, element, escapeText, NAMESPACE } from './xml.ts';

// ListObjects pages are the floor of every scan, so they are written by hand, element by element
// as the XML builder would write them, rather than through it (a third of a page's time with it).

/** The bucket owner FetchOwner shows: the local account's canonical user id. */
const OWNER = `<Owner><ID>${'0'.repeat(64)}</ID><DisplayName>local</DisplayName></Owner>`;

function contents(o: ListedObject, k: (s: string) => string, owner: boolean): string {
  const checksum = listedChecksum(o);
  return (
    `<Contents><Key>${escapeText(k(o.key))}</Key>` +
    `<LastModified>${new Date(o.last_modified).toISOString()}</LastModified>` +
    `<ETag>"${escapeText(o.etag)}"</ETag>` +
    (checksum
      ? `<ChecksumAlgorithm>${checksum.algorithm}</ChecksumAlgorithm><ChecksumType>${checksum.type}</ChecksumType>`
      : '') +
    `<Size>${o.size}</Size>${owner ? OWNER : ''}<StorageClass>STANDARD</StorageClass></Contents>`
  );
}

function objectPage(store: ObjectStore, q: URLSearchParams, after: string) {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = pageSize(q, 'max-keys', 'maxKeys');
  const result = page<ListedObject>(
    (cursor, limit) => store.listing.list(prefix, typeof cursor === 'string' ? cursor : cursor.key, limit),
    prefix,
    delimiter,
    maxKeys,
    after,
  );
  return { prefix, delimiter, maxKeys, ...result };
}

type Page = ReturnType<typeof objectPage>;

/** A ListBucketResult: `head` (elements before the keys), then Contents and CommonPrefixes. */
function listBucketResult(head: string, p: Page, k: (s: string) => string, owner: boolean): string {
  let body = '';
  for (const o of p.items) body += contents(o, k, owner);
  for (const x of p.prefixes) body += `<CommonPrefixes>${element('Prefix', k(x))}</CommonPrefixes>`;
  return `${DECLARATION}<ListBucketResult xmlns="${NAMESPACE}">${head}${body}</ListBucketResult>`;
}

/**
 * ListObjectsV2 as S3 answers it: keys in UTF-8 binary order, `delimiter` rolling keys up into
 * CommonPrefixes, an opaque continuation token, `encoding-type=url`, and the owner on request.
 */
export function listObjectsV2(store: ObjectStore, bucket: string, q: URLSearchParams): string {
  const token = q.get('continuation-token');
  const startAfter = q.get('start-after') ?? '';
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : startAfter;
  const p = objectPage(store, q, after);
  const { type, k } = encoder(q);
  const head =
    element('Name', bucket) +
    element('Prefix', k(p.prefix)) +
    element('Delimiter', p.delimiter ? k(p.delimiter) : undefined) +
    element('MaxKeys', p.maxKeys) +
    element('EncodingType', type) +
    element('KeyCount', p.items.length + p.prefixes.length) +
    element('IsTruncated', p.truncated) +
    element('ContinuationToken', token ?? undefined) +
    element('StartAfter', startAfter ? k(startAfter) : undefined) +
    element('NextContinuationToken', p.truncated ? Buffer.from(p.last, 'utf8').toString('base64url') : undefined);
  return listBucketResult(head, p, k, q.get('fetch-owner') === 'true');
}

/** ListObjects (v1): a `marker` instead of a token; NextMarker only with a delimiter, as S3 does. */
export function listObjectsV1(store: ObjectStore, bucket: string, q: URLSearchParams): string {
  const marker = q.get('marker') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  // A NextMarker that is a common prefix stands for everything under it.
  const p = objectPage(store, q, delimiter && marker.endsWith(delimiter) ? marker + AFTER_ALL : marker);
  const { type, k } = encoder(q);
  const head =
    element('Name', bucket) +
    element('Prefix', k(p.prefix)) +
    element('Marker', k(marker)) +
    element('NextMarker', p.truncated && p.delimiter ? k(p.last.replace(AFTER_ALL, '')) : undefined) +
    element('MaxKeys', p.maxKeys) +
    element('Delimiter', p.delimiter ? k(p.delimiter) : undefined) +
    element('EncodingType', type) +
    element('IsTruncated', p.truncated);
  return listBucketResult(head, p, k, false);
}

import type { ObjectMeta, ObjectStore } from './object-store.ts';
import { doc, el } from './xml.ts';

const MAX_KEYS = 1000;
/** Sorts after every key that starts with the string it is appended to. */
const AFTER_ALL = '\u{10FFFF}';

/**
 * ListObjectsV2 as S3 answers it: keys in UTF-8 binary order, `delimiter` rolling keys up into
 * CommonPrefixes (each counts once towards max-keys), an opaque continuation token, and
 * `encoding-type=url` (which aws-amplify always asks for).
 */
export function listObjectsV2(store: ObjectStore, bucket: string, q: URLSearchParams): string {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = Math.min(MAX_KEYS, Math.max(0, Math.floor(Number(q.get('max-keys') ?? MAX_KEYS)) || 0));
  const token = q.get('continuation-token');
  const startAfter = q.get('start-after') ?? '';
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : startAfter;

  const contents: ObjectMeta[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last = after;
  outer: while (true) {
    const batch = store.list(prefix, last, 500);
    if (batch.length === 0) break;
    for (const meta of batch) {
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break outer;
      }
      const i = delimiter ? meta.key.indexOf(delimiter, prefix.length) : -1;
      if (i >= 0) {
        const common = meta.key.slice(0, i + delimiter.length);
        prefixes.push(common);
        last = common + AFTER_ALL;
        continue outer;
      }
      contents.push(meta);
      last = meta.key;
    }
  }

  const encodeUrl = q.get('encoding-type') === 'url';
  const k = (s: string) => (encodeUrl ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const body =
    el('Name', bucket) +
    el('Prefix', k(prefix)) +
    (delimiter ? el('Delimiter', k(delimiter)) : '') +
    el('MaxKeys', maxKeys) +
    (encodeUrl ? el('EncodingType', 'url') : '') +
    el('KeyCount', contents.length + prefixes.length) +
    el('IsTruncated', truncated) +
    (token ? el('ContinuationToken', token) : '') +
    (startAfter ? el('StartAfter', k(startAfter)) : '') +
    (truncated ? el('NextContinuationToken', Buffer.from(last, 'utf8').toString('base64url')) : '') +
    contents
      .map(
        (m) =>
          '<Contents>' +
          el('Key', k(m.key)) +
          el('LastModified', m.lastModified.toISOString()) +
          el('ETag', `"${m.etag}"`) +
          el('Size', m.size) +
          el('StorageClass', 'STANDARD') +
          '</Contents>',
      )
      .join('') +
    prefixes.map((p) => `<CommonPrefixes>${el('Prefix', k(p))}</CommonPrefixes>`).join('');
  return doc('ListBucketResult', body);
}

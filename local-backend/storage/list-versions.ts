import { AFTER_ALL, encoder, page } from './list.ts';
import type { ObjectStore } from './object-store.ts';
import { pageSize } from './paging.ts';
import { S3Error } from './s3-error.ts';
import type { VersionRow } from './version-store.ts';
import { requestedVersion } from './versions.ts';
import { doc, type XmlElement } from './xml.ts';

const idOf = (r: VersionRow) => r.version_id ?? 'null';

/**
 * ListObjectVersions as S3 answers it: keys in UTF-8 binary order, each key's versions newest
 * first (objects and delete markers), `delimiter` rolling keys up, and paging by key marker and
 * version-id marker. (S3 interleaves <Version> and <DeleteMarker> in that order; they are written
 * here as two runs, which clients read into two lists either way.)
 */
export function listObjectVersions(store: ObjectStore, bucket: string, q: URLSearchParams): string {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const versionIdMarker = q.get('version-id-marker') ?? '';
  if (versionIdMarker && !keyMarker) {
    throw new S3Error('InvalidArgument', 'A version-id marker cannot be specified without a key marker.', {
      ArgumentName: 'version-id-marker',
      ArgumentValue: versionIdMarker,
    });
  }
  if (versionIdMarker) requestedVersion(new URLSearchParams({ versionId: versionIdMarker }));
  const maxKeys = pageSize(q, 'max-keys');
  // After the marked version of the key marker; a version that is gone marks the end of its key.
  const marked = versionIdMarker ? store.version(keyMarker, versionIdMarker) : undefined;
  const markedSeq = marked?.meta?.seq ?? marked?.marker?.seq;
  const start: VersionRow | string =
    markedSeq !== undefined
      ? ({ key: keyMarker, seq: markedSeq } as VersionRow)
      : delimiter && keyMarker.endsWith(delimiter)
        ? keyMarker + AFTER_ALL
        : keyMarker;
  const result = page<VersionRow>(
    (cursor, limit) =>
      typeof cursor === 'string'
        ? store.versions.list(prefix, cursor, -1, limit)
        : store.versions.list(prefix, cursor.key, cursor.seq, limit),
    prefix,
    delimiter,
    maxKeys,
    start,
  );
  const last = result.items.at(-1);
  const { type, k } = encoder(q);
  const entry = (r: VersionRow): XmlElement => ({
    Key: k(r.key),
    VersionId: idOf(r),
    IsLatest: r.is_latest === 1,
    LastModified: new Date(r.last_modified).toISOString(),
  });
  return doc('ListVersionsResult', {
    Name: bucket,
    Prefix: k(prefix),
    KeyMarker: k(keyMarker),
    VersionIdMarker: versionIdMarker,
    NextKeyMarker: result.truncated ? k(result.last.replace(AFTER_ALL, '')) : undefined,
    NextVersionIdMarker: result.truncated && last && last.key === result.last ? idOf(last) : undefined,
    MaxKeys: maxKeys,
    Delimiter: delimiter ? k(delimiter) : undefined,
    EncodingType: type,
    IsTruncated: result.truncated,
    Version: result.items
      .filter((r) => !r.delete_marker)
      .map((r) => ({ ...entry(r), ETag: `"${r.etag}"`, Size: r.size, StorageClass: 'STANDARD' })),
    DeleteMarker: result.items.filter((r) => r.delete_marker).map(entry),
    CommonPrefixes: result.prefixes.map((x) => ({ Prefix: k(x) })),
  });
}

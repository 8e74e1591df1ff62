import type { ObjectStore } from './object-store.ts';
import { S3Error } from './s3-error.ts';
import { isVersionId } from './version-store.ts';

/**
 * The version id of what was written while the bucket was unversioned or suspended. Any other id
 * is one the local S3 made (version-store.ts); an id of neither shape is refused as S3 refuses it.
 */
export const NULL_VERSION = 'null';

const invalid = (argumentName: string, value: string) =>
  new S3Error(
    'InvalidArgument',
    value === '' ? 'Version id cannot be the empty string' : 'Invalid version id specified',
    { ArgumentName: argumentName, ArgumentValue: value },
  );

const wellFormed = (id: string) => id === NULL_VERSION || isVersionId(id);

/** The `versionId` query parameter of GetObject, HeadObject and DeleteObject: absent, `null` or one of ours. */
export function requestedVersion(q: URLSearchParams): string | undefined {
  const id = q.get('versionId');
  if (id === null) return undefined;
  if (wellFormed(id)) return id;
  throw invalid('versionId', id);
}

/** A version id in a DeleteObjects entry: the error to report for that key, if any. */
export function deleteEntryError(versionId: string | undefined): S3Error | undefined {
  return versionId === undefined || wellFormed(versionId) ? undefined : invalid('versionId', versionId);
}

export const noSuchVersion = (key: string, versionId: string) =>
  new S3Error('NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });

/**
 * `x-amz-copy-source` split into the path (still percent-encoded) and the source's version, which
 * S3 refuses in its own words for CopyObject: an empty one as the empty string, any other as an
 * invalid request.
 */
export function copySource(header: string): { path: string; versionId: string | undefined } {
  const query = header.indexOf('?');
  if (query < 0) return { path: header, versionId: undefined };
  const versionId = new URLSearchParams(header.slice(query + 1)).get('versionId');
  const path = header.slice(0, query);
  if (versionId === null) return { path, versionId: undefined };
  if (wellFormed(versionId)) return { path, versionId };
  if (versionId === '') throw invalid('x-amz-copy-source', versionId);
  throw new S3Error('InvalidRequest', 'Invalid Request');
}

/** x-amz-version-id of what a write made, on a bucket that has (or had) versioning. */
export const versionHeader = (store: ObjectStore, versionId: string): Record<string, string> =>
  store.versions.versioning === 'Unversioned' ? {} : { 'x-amz-version-id': versionId };

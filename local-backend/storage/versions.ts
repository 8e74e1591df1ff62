import { S3Error } from './s3-error.ts';

/**
 * Version ids on a bucket that never had versioning: every object there is its key's one version,
 * the version `null`, and no other version id can name anything.
 */
export const NULL_VERSION = 'null';

const invalid = (argumentName: string, value: string) =>
  new S3Error(
    'InvalidArgument',
    value === '' ? 'Version id cannot be the empty string' : 'Invalid version id specified',
    { ArgumentName: argumentName, ArgumentValue: value },
  );

/** The `versionId` query parameter of GetObject, HeadObject and DeleteObject: absent, or `null`. */
export function requestedVersion(q: URLSearchParams): typeof NULL_VERSION | undefined {
  const id = q.get('versionId');
  if (id === null) return undefined;
  if (id === NULL_VERSION) return NULL_VERSION;
  throw invalid('versionId', id);
}

/** A version id in a DeleteObjects entry: the error to report for that key, if any. */
export function deleteEntryError(versionId: string | undefined): S3Error | undefined {
  return versionId === undefined || versionId === NULL_VERSION ? undefined : invalid('versionId', versionId);
}

export const noSuchVersion = (key: string, versionId: string) =>
  new S3Error('NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });

/**
 * `x-amz-copy-source` split into the path (still percent-encoded) and the source's version, which
 * S3 refuses in its own words for CopyObject: an empty one as the empty string, any other as an
 * invalid request.
 */
export function copySource(header: string): { path: string; versionId: typeof NULL_VERSION | undefined } {
  const query = header.indexOf('?');
  if (query < 0) return { path: header, versionId: undefined };
  const versionId = new URLSearchParams(header.slice(query + 1)).get('versionId');
  const path = header.slice(0, query);
  if (versionId === null) return { path, versionId: undefined };
  if (versionId === NULL_VERSION) return { path, versionId: NULL_VERSION };
  if (versionId === '') throw invalid('x-amz-copy-source', versionId);
  throw new S3Error('InvalidRequest', 'Invalid Request');
}

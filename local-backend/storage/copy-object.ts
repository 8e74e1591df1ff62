import { copyFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IssuedCredentials } from '../identity/api.ts';
import type { BucketAccess } from './bucket-access.ts';
import { copySourceKey } from './copy-source.ts';
import type { ObjectEventSink } from './notifications.ts';
import type { ObjectMeta, ObjectStore } from './object-store.ts';
import { contentType, sendXml, storedHeaders, userMetadata } from './request.ts';
import { preconditionFailed, S3Error } from './s3-error.ts';
import { noSuchVersion, versionHeader } from './versions.ts';
import { doc } from './xml.ts';

/**
 * CopyObject within the bucket: the source (or one of its versions) read as `get`, the target
 * written as `write`, metadata copied or (x-amz-metadata-directive: REPLACE) taken from the request.
 */
export async function copyObject(
  bucket: { bucket: string; store: ObjectStore; access: BucketAccess },
  caller: IssuedCredentials,
  key: string,
  req: IncomingMessage,
  res: ServerResponse,
  onObjectEvent: ObjectEventSink | undefined,
): Promise<void> {
  const { store, access } = bucket;
  req.resume();
  const { key: sourceKey, versionId } = copySourceKey(String(req.headers['x-amz-copy-source']), bucket.bucket);
  if (versionId) access.authorizeVersion(caller, 's3:GetObjectVersion', { key: sourceKey }, ['get', sourceKey]);
  else access.authorize(caller, 'get', sourceKey);
  access.authorize(caller, 'write', key);
  const found = versionId ? store.version(sourceKey, versionId) : { meta: store.head(sourceKey) };
  if (found?.marker) {
    throw new S3Error(
      'InvalidRequest',
      'The source of a copy request may not specifically refer to a delete marker by version id.',
    );
  }
  const meta = found?.meta;
  if (!meta && versionId) throw noSuchVersion(sourceKey, versionId);
  if (!meta) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: sourceKey });
  if (req.headers['if-none-match'] === '*' && store.head(key)) throw preconditionFailed('If-None-Match');
  const replace = req.headers['x-amz-metadata-directive'] === 'REPLACE';
  const copied = await copyBody(store, meta, key, replace ? req : undefined);
  const versioned = store.versions.versioning !== 'Unversioned';
  sendXml(
    res,
    200,
    doc('CopyObjectResult', { LastModified: copied.lastModified.toISOString(), ETag: `"${copied.etag}"` }),
    {
      ...(versioned || versionId ? { 'x-amz-copy-source-version-id': meta.versionId } : {}),
      ...versionHeader(store, copied.versionId),
    },
  );
  onObjectEvent?.({ kind: 'ObjectCreated:Copy', key, caller, req, meta: copied });
}

/** A copy of `meta`'s body as the object `key`, with its metadata or (REPLACE) the request's. */
async function copyBody(
  store: ObjectStore,
  meta: ObjectMeta,
  key: string,
  replaceFrom: IncomingMessage | undefined,
): Promise<ObjectMeta> {
  const body = store.newBody();
  try {
    await copyFile(store.path(meta), body.path);
  } catch (err) {
    store.discard(body.path);
    throw err;
  }
  return store.commitSoon(key, body.file, {
    size: meta.size,
    etag: meta.etag,
    checksum: meta.checksum,
    contentType: replaceFrom ? contentType(replaceFrom) : meta.contentType,
    metadata: replaceFrom ? userMetadata(replaceFrom) : meta.metadata,
    headers: replaceFrom ? storedHeaders(replaceFrom) : meta.headers,
  });
}

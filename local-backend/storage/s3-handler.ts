import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import type { StorageAccessPolicy } from './access-rules.ts';
import { BucketAccess } from './bucket-access.ts';
import { FunctionBucketGrants } from './function-grants.ts';
import { Multipart } from './multipart.ts';
import { bucketRequest } from './bucket-requests.ts';
import type { InventorySchedule } from './inventory-schedule.ts';
import { S3_SERVICE, type ObjectEventSink } from './notifications.ts';
import type { ObjectInfo, ObjectMeta } from './object-meta.ts';
import type { ObjectStore } from './object-store.ts';
import { contentType, decodeKey, storedHeaders, userMetadata } from './request.ts';
import { preconditionFailed, S3Error } from './s3-error.ts';
import { sendObject } from './get-object.ts';
import { verifyS3Request, type SeedSignature } from './s3-signature.ts';
import { SignatureError } from '../sigv4/verify.ts';
import { receiveBody } from './upload-body.ts';
import { copyObject } from './copy-object.ts';
import { noSuchVersion, requestedVersion, versionHeader } from './versions.ts';
import type { TemplateGrant } from './bucket-template.ts';
import type { DeleteOutcome } from './object-store.ts';
import { errorDoc } from './xml.ts';

export { MIN_PART_SIZE } from './multipart.ts';

const OBJECT_SUBRESOURCES = [
  'acl',
  'tagging',
  'attributes',
  'retention',
  'legal-hold',
  'restore',
  'select',
  'torrent',
  'renameObject',
];

/**
 * One S3 request: path-style `/<bucket>/<key>`, SigV4-verified, then checked against the access
 * rules with the IAM action the operation needs (GetObject, ListBucket, PutObject, DeleteObject).
 */
export class S3Handler {
  private readonly multipart: Multipart;
  private readonly access: BucketAccess;
  /** Told of each write and delete once answered: the bucket's event notifications (notifications.ts). */
  onObjectEvent?: ObjectEventSink;
  /** The bucket's S3 Inventory configurations (`?inventory`). */
  inventory?: InventorySchedule;

  constructor(
    readonly bucket: string,
    private readonly store: ObjectStore,
    private readonly identity: IdentityApi,
    private readonly policy: StorageAccessPolicy,
    /** The backend's functions' execution roles and their bucket statements. */
    private readonly functionRoles = new FunctionBucketGrants(),
    /** The role statements synthesized for the bucket; without a synthesis, versions go by the storage rules. */
    private readonly grants?: readonly TemplateGrant[],
  ) {
    this.multipart = new Multipart(bucket, store);
    this.access = new BucketAccess(policy, functionRoles, grants);
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    try {
      await this.route(req, res, url);
    } catch (err) {
      // The client went away mid-body (a cancelled upload): nothing was stored, nobody to answer.
      // (Not req.destroyed: that is also true once a body has been read to its end.)
      if (
        !req.socket ||
        req.socket.destroyed ||
        (err as NodeJS.ErrnoException).code === 'ECONNRESET' ||
        (err as Error).message === 'aborted'
      ) {
        return;
      }
      if (!(err instanceof S3Error) && !(err instanceof SignatureError)) throw err;
      const e = err instanceof SignatureError ? new S3Error(err.code, err.message) : err;
      // A body too large to take is not read either: the answer goes out and the connection closes.
      const drain = e.code !== 'EntityTooLarge';
      if (drain) req.resume();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = req.method === 'HEAD' ? '' : errorDoc(e.code, e.message, { ...e.extra, RequestId: requestId });
      res.writeHead(e.status, {
        'content-type': 'application/xml',
        'x-amz-error-code': e.code,
        ...e.headers,
        ...(drain ? {} : { connection: 'close' }),
      });
      res.end(body);
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const rawPath = (req.url ?? '/').split('?')[0]!;
    // claims() saw the normalised path; the key comes from the path as sent, which must name the bucket itself.
    if (rawPath !== `/${this.bucket}` && !rawPath.startsWith(`/${this.bucket}/`)) {
      throw new S3Error('InvalidURI', 'Could not parse the specified URI.');
    }
    const rest = rawPath.slice(this.bucket.length + 2);
    const { caller, seed } = await verifyS3Request(
      req,
      (id) => this.functionRoles.credentials(id) ?? this.identity.credentialsFor(id),
    );
    const q = url.searchParams;
    const method = req.method ?? 'GET';

    if (rest === '') {
      const ctx = { bucket: this.bucket, store: this.store, access: this.access, identity: this.identity };
      return bucketRequest(
        { ...ctx, onObjectEvent: this.onObjectEvent, inventory: this.inventory },
        caller,
        req,
        res,
        q,
      );
    }

    const key = decodeKey(rest);
    // Sub-resources of an object the local S3 does not keep: never mistaken for the object itself.
    const unsupported = OBJECT_SUBRESOURCES.find((name) => q.has(name));
    if (unsupported) throw new S3Error('NotImplemented', `?${unsupported} is not supported by the local S3`);
    const uploadId = q.get('uploadId');
    if (method === 'PUT' && uploadId !== null && q.has('partNumber')) {
      this.access.authorize(caller, 'write', key);
      if (q.has('versionId')) {
        throw new S3Error('InvalidArgument', 'This operation does not accept a version-id.', {
          ArgumentName: 'versionId',
          ArgumentValue: q.get('versionId')!,
        });
      }
      return this.multipart.uploadPart(key, q, req, res, seed);
    }
    if (method === 'PUT' && req.headers['x-amz-copy-source']) {
      return copyObject(
        { bucket: this.bucket, store: this.store, access: this.access },
        caller,
        key,
        req,
        res,
        this.onObjectEvent,
      );
    }
    if (method === 'PUT') return this.put(caller, key, req, res, seed);
    if (method === 'POST' && q.has('uploads')) {
      this.access.authorize(caller, 'write', key);
      return this.multipart.create(key, req, res);
    }
    if (method === 'POST' && uploadId !== null) {
      this.access.authorize(caller, 'write', key);
      const meta = await this.multipart.complete(key, uploadId, req, res);
      return this.onObjectEvent?.({ kind: 'ObjectCreated:CompleteMultipartUpload', key, caller, req, meta });
    }
    // IAM has separate actions for these two; Amplify's policies grant neither, but every
    // writer must be able to abort what it started, so the local S3 counts them as `write`.
    if (method === 'DELETE' && uploadId !== null) {
      this.access.authorize(caller, 'write', key);
      return this.multipart.abort(key, uploadId, res);
    }
    if (method === 'GET' && uploadId !== null) {
      this.access.authorize(caller, 'write', key);
      return this.multipart.listParts(key, uploadId, q, res);
    }
    if (method === 'DELETE') {
      const version = requestedVersion(q);
      if (version) this.access.authorizeVersion(caller, 's3:DeleteObjectVersion', { key }, ['delete', key]);
      else this.access.authorize(caller, 'delete', key);
      const outcome = version ? this.store.deleteVersion(key, version) : this.store.deleteObject(key);
      res.writeHead(204, this.deleteHeaders(outcome)).end();
      return this.onObjectEvent?.({ kind: 'removed', key, caller, req, outcome, versionRequested: !!version });
    }
    if (method === 'GET' || method === 'HEAD') return this.get(caller, key, q, req, res);
    throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  /**
   * An object S3 itself delivers into the bucket (an S3 Inventory report file): committed as a PUT
   * is, and the bucket's notifications hear of it as ObjectCreated:Put by the service.
   */
  readonly deliver = async (key: string, file: string, info: ObjectInfo): Promise<ObjectMeta> => {
    const meta = await this.store.commitSoon(key, file, info);
    this.onObjectEvent?.({ kind: 'ObjectCreated:Put', key, caller: S3_SERVICE, meta });
    return meta;
  };

  private deleteHeaders(outcome: DeleteOutcome): Record<string, string> {
    return {
      ...(outcome.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
      ...(outcome.versionId ? { 'x-amz-version-id': outcome.versionId } : {}),
    };
  }

  private async put(
    caller: IssuedCredentials,
    key: string,
    req: IncomingMessage,
    res: ServerResponse,
    seed: SeedSignature | undefined,
  ): Promise<void> {
    this.access.authorize(caller, 'write', key);
    const preventOverwrite = req.headers['if-none-match'] === '*';
    if (preventOverwrite && this.store.head(key)) throw preconditionFailed('If-None-Match');
    const body = this.store.newBody();
    const received = await receiveBody(req, this.store.sinks, body.path, seed);
    try {
      // Someone else may have written the key while this body was arriving.
      if (preventOverwrite && this.store.head(key)) throw preconditionFailed('If-None-Match');
      const meta = await this.store.commitSoon(key, body.file, {
        size: received.size,
        etag: received.md5,
        contentType: contentType(req),
        metadata: userMetadata(req),
        headers: storedHeaders(req),
        checksum: received.checksum && { ...received.checksum, type: 'FULL_OBJECT' },
      });
      res
        .writeHead(200, { etag: `"${meta.etag}"`, ...received.echo, ...versionHeader(this.store, meta.versionId) })
        .end();
      this.onObjectEvent?.({ kind: 'ObjectCreated:Put', key, caller, req, meta });
    } catch (err) {
      this.store.discard(body.path);
      throw err;
    }
  }

  private get(caller: IssuedCredentials, key: string, q: URLSearchParams, req: IncomingMessage, res: ServerResponse) {
    const version = requestedVersion(q);
    if (version) this.access.authorizeVersion(caller, 's3:GetObjectVersion', { key }, ['get', key]);
    else this.access.authorize(caller, 'get', key);
    if (!version) {
      const meta = this.store.head(key);
      if (meta) return sendObject(this.store, meta, q, req, res);
      const marker = this.store.versions.latestMarker(key);
      throw new S3Error(
        'NoSuchKey',
        'The specified key does not exist.',
        { Key: key },
        marker ? { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.version_id ?? 'null' } : {},
      );
    }
    const found = this.store.version(key, version);
    if (!found) throw noSuchVersion(key, version);
    if (found.marker) {
      throw new S3Error(
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        { Method: req.method ?? 'GET', ResourceType: 'DeleteMarker' },
        {
          'x-amz-delete-marker': 'true',
          'x-amz-version-id': version,
          allow: 'DELETE',
          'last-modified': new Date(found.marker.last_modified).toUTCString(),
        },
      );
    }
    return sendObject(this.store, found.meta!, q, req, res);
  }
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http-util.ts';
import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import type { StorageAccessPolicy } from './access-rules.ts';
import { BucketAccess } from './bucket-access.ts';
import { deleteObjects } from './delete-objects.ts';
import { FunctionBucketGrants } from './function-grants.ts';
import { listMultipartUploads } from './list.ts';
import { listObjectsV1, listObjectsV2 } from './list-objects.ts';
import { Multipart } from './multipart.ts';
import type { ObjectEventSink } from './notifications.ts';
import type { ObjectStore } from './object-store.ts';
import { contentType, decodeKey, sendXml, storedHeaders, userMetadata } from './request.ts';
import { preconditionFailed, S3Error } from './s3-error.ts';
import { sendObject } from './get-object.ts';
import { verifyS3Request, type SeedSignature } from './s3-signature.ts';
import { SignatureError } from '../sigv4/verify.ts';
import { receiveBody } from './upload-body.ts';
import { copyObject } from './copy-object.ts';
import { noSuchVersion, requestedVersion, versionHeader } from './versions.ts';
import type { TemplateGrant } from './bucket-template.ts';
import { listObjectVersions } from './list-versions.ts';
import type { DeleteOutcome } from './object-store.ts';
import { doc, errorDoc, parseXml, textDoc, textOf } from './xml.ts';

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
/** Query parameters of ListObjects (v1); any other sub-resource on the bucket is not served. */
const V1_PARAMS = new Set(['prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type', 'x-id']);

/**
 * One S3 request: path-style `/<bucket>/<key>`, SigV4-verified, then checked against the access
 * rules with the IAM action the operation needs (GetObject, ListBucket, PutObject, DeleteObject).
 */
export class S3Handler {
  private readonly multipart: Multipart;
  private readonly access: BucketAccess;
  /** Told of each write and delete once answered: the bucket's event notifications (notifications.ts). */
  onObjectEvent?: ObjectEventSink;

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
      if (method === 'GET' && q.get('list-type') === '2') {
        this.access.authorize(caller, 'list', q.get('prefix') ?? '');
        return sendXml(res, 200, listObjectsV2(this.store, this.bucket, q));
      }
      if (method === 'GET' && q.has('location')) {
        // Amplify's roles have no s3:GetBucketLocation; the local S3 tells any role with a grant.
        if (!this.access.hasAnyGrant(caller)) throw new S3Error('AccessDenied', 'Access Denied');
        // S3 answers an empty LocationConstraint for us-east-1.
        const region = this.identity.region === 'us-east-1' ? '' : this.identity.region;
        return sendXml(res, 200, textDoc('LocationConstraint', region));
      }
      if (method === 'GET' && q.has('versioning')) {
        // Amplify's roles have no s3:GetBucketVersioning; the local S3 tells any role with a grant.
        // A bucket that never had versioning answers an empty configuration.
        if (!this.access.hasAnyGrant(caller)) throw new S3Error('AccessDenied', 'Access Denied');
        const state = this.store.versions.versioning;
        return sendXml(res, 200, doc('VersioningConfiguration', state === 'Unversioned' ? {} : { Status: state }));
      }
      if (method === 'PUT' && q.has('versioning')) return this.putVersioning(caller, req, res);
      if (method === 'GET' && q.has('versions')) {
        const prefix = q.get('prefix') ?? '';
        this.access.authorizeVersion(caller, 's3:ListBucketVersions', { prefix }, ['list', prefix]);
        return sendXml(res, 200, listObjectVersions(this.store, this.bucket, q));
      }
      if (method === 'GET' && q.has('uploads')) {
        // Uploads in progress under a prefix: for those who may write there (and so abort them).
        this.access.authorize(caller, 'write', q.get('prefix') ?? '');
        return sendXml(res, 200, listMultipartUploads(this.store, this.bucket, q));
      }
      if (method === 'GET' && [...q.keys()].every((k) => V1_PARAMS.has(k) || /^x-amz-/i.test(k))) {
        this.access.authorize(caller, 'list', q.get('prefix') ?? '');
        return sendXml(res, 200, listObjectsV1(this.store, this.bucket, q));
      }
      if (method === 'POST' && q.has('delete'))
        return deleteObjects(this.store, this.access, caller, req, res, this.onObjectEvent);
      if (method === 'HEAD') {
        // HeadBucket is s3:ListBucket without a prefix, which the prefix-conditioned grants never allow.
        this.access.authorize(caller, 'list', '');
        return void res.writeHead(200).end();
      }
      throw new S3Error('NotImplemented', `${method} on the bucket is not supported by the local S3`);
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

  private deleteHeaders(outcome: DeleteOutcome): Record<string, string> {
    return {
      ...(outcome.deleteMarker ? { 'x-amz-delete-marker': 'true' } : {}),
      ...(outcome.versionId ? { 'x-amz-version-id': outcome.versionId } : {}),
    };
  }

  private async putVersioning(caller: IssuedCredentials, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.access.authorizeVersion(caller, 's3:PutBucketVersioning', { prefix: '' });
    const xml = (await readBody(req, 64 * 1024)).toString('utf8');
    const status = textOf(parseXml(xml, 'VersioningConfiguration', []), 'Status');
    if (status !== 'Enabled' && status !== 'Suspended') {
      throw new S3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    }
    this.store.versions.setVersioning(status);
    res.writeHead(200).end();
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

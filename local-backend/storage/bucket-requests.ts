import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http-util.ts';
import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import type { BucketAccess } from './bucket-access.ts';
import { deleteObjects } from './delete-objects.ts';
import { inventoryRequest } from './inventory-api.ts';
import type { InventorySchedule } from './inventory-schedule.ts';
import { listMultipartUploads } from './list.ts';
import { listObjectsV1, listObjectsV2 } from './list-objects.ts';
import { listObjectVersions } from './list-versions.ts';
import type { ObjectEventSink } from './notifications.ts';
import type { ObjectStore } from './object-store.ts';
import { sendXml } from './request.ts';
import { S3Error } from './s3-error.ts';
import { doc, parseXml, textDoc, textOf } from './xml.ts';

/** Query parameters of ListObjects (v1); any other sub-resource on the bucket is not served. */
const V1_PARAMS = new Set(['prefix', 'delimiter', 'marker', 'max-keys', 'encoding-type', 'x-id']);

export interface BucketContext {
  bucket: string;
  store: ObjectStore;
  access: BucketAccess;
  identity: IdentityApi;
  onObjectEvent?: ObjectEventSink;
  /** The bucket's inventory configurations; absent, `?inventory` is not served. */
  inventory?: InventorySchedule;
}

/** A request on the bucket itself (`/<bucket>`), by its sub-resource: listings, settings, DeleteObjects. */
export async function bucketRequest(
  ctx: BucketContext,
  caller: IssuedCredentials,
  req: IncomingMessage,
  res: ServerResponse,
  q: URLSearchParams,
): Promise<void> {
  const method = req.method ?? 'GET';
  const { access, store, bucket } = ctx;
  if (method === 'GET' && q.get('list-type') === '2') {
    access.authorize(caller, 'list', q.get('prefix') ?? '');
    return sendXml(res, 200, listObjectsV2(store, bucket, q));
  }
  if (q.has('inventory') && ctx.inventory) {
    return inventoryRequest({ bucket, access, inventory: ctx.inventory }, caller, method, q, req, res);
  }
  if (method === 'GET' && q.has('location')) {
    // Amplify's roles have no s3:GetBucketLocation; the local S3 tells any role with a grant.
    if (!access.hasAnyGrant(caller)) throw new S3Error('AccessDenied', 'Access Denied');
    // S3 answers an empty LocationConstraint for us-east-1.
    const region = ctx.identity.region === 'us-east-1' ? '' : ctx.identity.region;
    return sendXml(res, 200, textDoc('LocationConstraint', region));
  }
  if (method === 'GET' && q.has('versioning')) {
    // Amplify's roles have no s3:GetBucketVersioning; the local S3 tells any role with a grant.
    // A bucket that never had versioning answers an empty configuration.
    if (!access.hasAnyGrant(caller)) throw new S3Error('AccessDenied', 'Access Denied');
    const state = store.versions.versioning;
    return sendXml(res, 200, doc('VersioningConfiguration', state === 'Unversioned' ? {} : { Status: state }));
  }
  if (method === 'PUT' && q.has('versioning')) return putVersioning(ctx, caller, req, res);
  if (method === 'GET' && q.has('versions')) {
    const prefix = q.get('prefix') ?? '';
    access.authorizeVersion(caller, 's3:ListBucketVersions', { prefix }, ['list', prefix]);
    return sendXml(res, 200, listObjectVersions(store, bucket, q));
  }
  if (method === 'GET' && q.has('uploads')) {
    // Uploads in progress under a prefix: for those who may write there (and so abort them).
    access.authorize(caller, 'write', q.get('prefix') ?? '');
    return sendXml(res, 200, listMultipartUploads(store, bucket, q));
  }
  if (method === 'GET' && [...q.keys()].every((k) => V1_PARAMS.has(k) || /^x-amz-/i.test(k))) {
    access.authorize(caller, 'list', q.get('prefix') ?? '');
    return sendXml(res, 200, listObjectsV1(store, bucket, q));
  }
  if (method === 'POST' && q.has('delete')) return deleteObjects(store, access, caller, req, res, ctx.onObjectEvent);
  if (method === 'HEAD') {
    // HeadBucket is s3:ListBucket without a prefix, which the prefix-conditioned grants never allow.
    access.authorize(caller, 'list', '');
    return void res.writeHead(200).end();
  }
  throw new S3Error('NotImplemented', `${method} on the bucket is not supported by the local S3`);
}

async function putVersioning(
  ctx: BucketContext,
  caller: IssuedCredentials,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  ctx.access.authorizeVersion(caller, 's3:PutBucketVersioning', { prefix: '' });
  const xml = (await readBody(req, 64 * 1024)).toString('utf8');
  const status = textOf(parseXml(xml, 'VersioningConfiguration', []), 'Status');
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  ctx.store.versions.setVersioning(status);
  res.writeHead(200).end();
}

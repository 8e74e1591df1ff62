import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http-util.ts';
import type { IssuedCredentials } from '../identity/api.ts';
import type { BucketAccess } from './bucket-access.ts';
import type { ObjectEventSink } from './notifications.ts';
import type { ObjectStore } from './object-store.ts';
import { sendXml } from './request.ts';
import { S3Error } from './s3-error.ts';
import { deleteEntryError } from './versions.ts';
import { doc, parseXml, textOf, type XmlContent, type XmlElement } from './xml.ts';

const MAX_DELETE_KEYS = 1000;

/**
 * DeleteObjects: up to 1,000 keys (or versions) in one request, each judged on its own, refusals
 * and outcomes reported per key (only refusals when Quiet).
 */
export async function deleteObjects(
  store: ObjectStore,
  access: BucketAccess,
  caller: IssuedCredentials,
  req: IncomingMessage,
  res: ServerResponse,
  onObjectEvent: ObjectEventSink | undefined,
): Promise<void> {
  const xml = (await readBody(req, 2 * 1024 * 1024)).toString('utf8');
  const request = parseXml(xml, 'Delete', ['Object']);
  const objects = (request['Object'] ?? []) as XmlContent[];
  const keys = objects.map((o) => textOf(o, 'Key'));
  if (keys.length === 0 || keys.some((k) => !k)) {
    throw new S3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  if (keys.length > MAX_DELETE_KEYS) {
    throw new S3Error('MalformedXML', `DeleteObjects takes at most ${MAX_DELETE_KEYS} keys`);
  }
  const quiet = textOf(request, 'Quiet')?.trim() === 'true';
  const deleted: XmlElement[] = [];
  const errors: XmlElement[] = [];
  for (const [i, key] of (keys as string[]).entries()) {
    const versionId = textOf(objects[i], 'VersionId');
    if (!access.mayDelete(caller, key, versionId)) {
      errors.push({ Key: key, VersionId: versionId, Code: 'AccessDenied', Message: 'Access Denied' });
      continue;
    }
    const refused = deleteEntryError(versionId);
    if (refused) {
      errors.push({ Key: key, VersionId: versionId, Code: refused.code, Message: refused.message });
      continue;
    }
    const outcome = versionId ? store.deleteVersion(key, versionId) : store.deleteObject(key);
    onObjectEvent?.({ kind: 'removed', key, caller, req, outcome, versionRequested: !!versionId });
    const marker = outcome.deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: outcome.versionId } : {};
    if (!quiet) deleted.push({ Key: key, VersionId: versionId, ...marker });
  }
  sendXml(res, 200, doc('DeleteResult', { Deleted: deleted, Error: errors }));
}

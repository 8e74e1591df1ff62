import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http-util.ts';
import type { IssuedCredentials } from '../identity/api.ts';
import type { BucketAccess } from './bucket-access.ts';
import type { InventorySchedule } from './inventory-schedule.ts';
import { inventoryElement, inventoryId, parseInventoryConfiguration } from './inventory-xml.ts';
import { sendXml } from './request.ts';
import { S3Error } from './s3-error.ts';
import { doc } from './xml.ts';

/** ListBucketInventoryConfigurations answers this many a page, as S3 does. */
export const INVENTORY_PAGE = 100;
/** A bucket holds at most this many inventory configurations. */
const MAX_CONFIGURATIONS = 1000;

export interface InventoryApiContext {
  bucket: string;
  access: BucketAccess;
  inventory: InventorySchedule;
}

const noSuchConfiguration = () => new S3Error('NoSuchConfiguration', 'The specified configuration does not exist.');

/**
 * `?inventory` on the bucket: Put, Get and Delete of one configuration (`&id=`), and the List
 * (no id) paged by continuation token. Put and Delete need s3:PutInventoryConfiguration, Get and
 * List s3:GetInventoryConfiguration.
 */
export async function inventoryRequest(
  ctx: InventoryApiContext,
  caller: IssuedCredentials,
  method: string,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (method === 'GET' && !q.has('id')) {
    ctx.access.authorizeBucketSetting(caller, 's3:GetInventoryConfiguration');
    return sendXml(res, 200, list(ctx, q.get('continuation-token')));
  }
  if (method === 'GET') {
    ctx.access.authorizeBucketSetting(caller, 's3:GetInventoryConfiguration');
    const config = ctx.inventory.configuration(inventoryId(q.get('id')));
    if (!config) throw noSuchConfiguration();
    return sendXml(res, 200, doc('InventoryConfiguration', inventoryElement(config, ctx.bucket)));
  }
  if (method === 'PUT') {
    ctx.access.authorizeBucketSetting(caller, 's3:PutInventoryConfiguration');
    const id = inventoryId(q.get('id'));
    const xml = (await readBody(req, 64 * 1024)).toString('utf8');
    const config = parseInventoryConfiguration(xml, id, ctx.bucket);
    if (!ctx.inventory.configuration(id) && ctx.inventory.configurations().length >= MAX_CONFIGURATIONS) {
      throw new S3Error(
        'TooManyConfigurations',
        'You are attempting to create a new configuration but have already reached the 1,000-configuration limit.',
      );
    }
    ctx.inventory.put(config);
    return void res.writeHead(200).end();
  }
  if (method === 'DELETE') {
    ctx.access.authorizeBucketSetting(caller, 's3:PutInventoryConfiguration');
    if (!ctx.inventory.remove(inventoryId(q.get('id')))) throw noSuchConfiguration();
    return void res.writeHead(204).end();
  }
  throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.');
}

/** One page of the configurations in id order; the token is the last id of the page before. */
function list(ctx: InventoryApiContext, token: string | null): string {
  const all = ctx.inventory.configurations();
  let start = 0;
  if (token !== null) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    if (!token || Buffer.from(after, 'utf8').toString('base64url') !== token) {
      throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
        ArgumentName: 'continuation-token',
        ArgumentValue: token,
      });
    }
    start = all.findIndex((c) => c.id > after);
    if (start < 0) start = all.length;
  }
  const page = all.slice(start, start + INVENTORY_PAGE);
  const truncated = start + INVENTORY_PAGE < all.length;
  return doc('ListInventoryConfigurationsResult', {
    ContinuationToken: token ?? undefined,
    InventoryConfiguration: page.map((c) => inventoryElement(c, ctx.bucket)),
    IsTruncated: String(truncated),
    NextContinuationToken: truncated ? Buffer.from(page.at(-1)!.id, 'utf8').toString('base64url') : undefined,
  });
}

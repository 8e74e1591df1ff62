import { createReadStream, openSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { headerOf } from './checksums.ts';
import type { ObjectMeta, ObjectStore } from './object-store.ts';
import { preconditionFailed, S3Error } from './s3-error.ts';

const OVERRIDABLE = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-type',
  'expires',
];
/** Read size for large bodies: fewer, larger socket writes than the 64 KiB default. */
const LARGE_READ = 512 * 1024;

/**
 * GetObject and HeadObject for an object the caller may read: its stored headers (or the
 * response-* overrides of a presigned URL), conditional requests, one byte range, and the
 * object's checksum when asked for with x-amz-checksum-mode.
 */
export async function sendObject(
  store: ObjectStore,
  meta: ObjectMeta,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const etag = `"${meta.etag}"`;
  const headers: Record<string, string | number> = {
    ...meta.headers,
    'content-type': meta.contentType,
    etag,
    'last-modified': meta.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    ...(store.versions.versioning === 'Unversioned' ? {} : { 'x-amz-version-id': meta.versionId }),
  };
  for (const name of OVERRIDABLE) {
    const override = q.get(`response-${name}`);
    if (override) headers[name] = headerBytes(override, `response-${name}`);
  }
  for (const [k, v] of Object.entries(meta.metadata)) headers[`x-amz-meta-${k}`] = v;
  const range = req.headers['range'];
  // S3 gives the whole object's checksum only with the whole object.
  if (meta.checksum && range === undefined && String(req.headers['x-amz-checksum-mode']).toUpperCase() === 'ENABLED') {
    headers[headerOf(meta.checksum.algorithm)] = meta.checksum.value;
    headers['x-amz-checksum-type'] = meta.checksum.type;
  }

  const ifMatch = req.headers['if-match'];
  if (ifMatch && !ifMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    throw preconditionFailed('If-Match');
  }
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    res.writeHead(304, { etag, 'last-modified': meta.lastModified.toUTCString() }).end();
    return;
  }

  let start = 0;
  let end = meta.size - 1;
  let status = 200;
  if (typeof range === 'string' && meta.size > 0) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    if (!m || (m[1] === '' && m[2] === '')) throw new S3Error('InvalidRange', 'The requested range is not satisfiable');
    if (m[1] === '') start = Math.max(0, meta.size - Number(m[2]));
    else {
      start = Number(m[1]);
      end = m[2] === '' ? meta.size - 1 : Math.min(Number(m[2]), meta.size - 1);
    }
    if (start > end || start >= meta.size) {
      throw new S3Error('InvalidRange', 'The requested range is not satisfiable', {
        ActualObjectSize: String(meta.size),
      });
    }
    status = 206;
    headers['content-range'] = `bytes ${start}-${end}/${meta.size}`;
  }
  headers['content-length'] = meta.size === 0 ? 0 : end - start + 1;
  if (req.method === 'HEAD' || meta.size === 0) return void res.writeHead(status, headers).end();
  // Opened before answering: a concurrent overwrite unlinks the old body, an open one stays readable.
  const fd = openSync(store.path(meta), 'r');
  res.writeHead(status, headers);
  const highWaterMark = end - start >= 2 * LARGE_READ ? LARGE_READ : undefined;
  await pipeline(createReadStream('', { fd, start, end, highWaterMark }), res);
}

/**
 * A response-* override as the header S3 sends: its UTF-8 bytes (Node writes a header string as
 * Latin-1, one byte a character, so a name past Latin-1 would otherwise throw). Control
 * characters would split the header: refused.
 */
function headerBytes(value: string, parameter: string): string {
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) {
    throw new S3Error('InvalidArgument', `Header value contains invalid characters: ${parameter}`, {
      ArgumentName: parameter,
    });
  }
  return Buffer.from(value, 'utf8').toString('latin1');
}

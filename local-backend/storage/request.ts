import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3Error } from './s3-error.ts';

/** S3's limit on a key's UTF-8 length. */
const MAX_KEY_BYTES = 1024;

const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
] as const;

/** Standard headers stored with an object and sent back on GET/HEAD. */
export type StoredHeaders = Partial<Record<(typeof STORED_HEADERS)[number], string>>;

/**
 * The object key from the raw (still percent-encoded) path. Bodies live under random file names,
 * so no key can name a file; still, keys a file system or a later tool could misread ('..' or '.'
 * segments, a leading '/', backslashes, NUL and other control characters) are refused outright.
 */
export function decodeKey(rawKey: string): string {
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    throw new S3Error('InvalidArgument', 'The object key is not valid URL encoding');
  }
  if (!key) throw new S3Error('InvalidArgument', 'Object keys must be 1 to 1024 bytes long');
  const size = Buffer.byteLength(key);
  if (size > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', 'Your key is too long', {
      Size: String(size),
      MaxSizeAllowed: String(MAX_KEY_BYTES),
    });
  }
  if (
    /[\u0000-\u001f\u007f\\]/.test(key) ||
    key.startsWith('/') ||
    key.split('/').some((s) => s === '..' || s === '.')
  ) {
    throw new S3Error(
      'InvalidArgument',
      `The object key ${JSON.stringify(key)} is not allowed ('.' or '..' segments, a leading '/', backslashes or control characters)`,
    );
  }
  return key;
}

export function userMetadata(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith('x-amz-meta-') && typeof v === 'string') out[k.slice('x-amz-meta-'.length)] = v;
  }
  return out;
}

export function storedHeaders(req: IncomingMessage): StoredHeaders {
  const out: StoredHeaders = {};
  for (const name of STORED_HEADERS) {
    const v = req.headers[name];
    if (typeof v === 'string') out[name] = v;
  }
  // aws-chunked describes how the body was sent, not the object: S3 does not keep it.
  if (out['content-encoding'] !== undefined) {
    const kept = out['content-encoding']
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e && e.toLowerCase() !== 'aws-chunked');
    if (kept.length) out['content-encoding'] = kept.join(', ');
    else delete out['content-encoding'];
  }
  return out;
}

export function contentType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? 'binary/octet-stream');
}

export function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  // Encoded once: a page of keys is a long string, measured and then written otherwise.
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': body.length, ...headers });
  res.end(body);
}

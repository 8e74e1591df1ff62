import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { readBody } from '../http-util.ts';
import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import { isAllowed, type AccessGrant, type StorageAction } from './access-rules.ts';
import type { ObjectMeta, ObjectStore } from './object-store.ts';
import { S3Error } from './s3-error.ts';
import { S3AuthError, verifySigV4 } from './sigv4.ts';
import { doc, el, errorDoc, texts } from './xml.ts';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_KEYS = 1000;

/** One S3 request: path-style `/<bucket>/<key>`, SigV4-verified, checked against the rules. */
export class S3Handler {
  constructor(
    readonly bucket: string,
    private readonly store: ObjectStore,
    private readonly identity: IdentityApi,
    private readonly grants: AccessGrant[],
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    try {
      await this.route(req, res, url);
    } catch (err) {
      // The client went away mid-body (a cancelled upload): nothing was stored, nobody to answer.
      if (req.destroyed || (err as NodeJS.ErrnoException).code === 'ECONNRESET' || (err as Error).message === 'aborted')
        return;
      if (!(err instanceof S3Error) && !(err instanceof S3AuthError)) throw err;
      const e = err instanceof S3AuthError ? new S3Error(err.code, err.message) : err;
      req.resume();
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = req.method === 'HEAD' ? '' : errorDoc(e.code, e.message, { ...e.extra, RequestId: requestId });
      res.writeHead(e.status, { 'content-type': 'application/xml', 'x-amz-error-code': e.code });
      res.end(body);
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const rest = rawPath.slice(this.bucket.length + 2);
    const caller = await verifySigV4(req, (id) => this.identity.credentialsFor(id));
    const q = url.searchParams;
    const method = req.method ?? 'GET';

    if (rest === '') {
      if (method === 'GET' && q.get('list-type') === '2') return this.list(caller, q, res);
      if (method === 'POST' && q.has('delete')) return this.deleteMany(caller, req, res);
      if (method === 'HEAD') return void res.writeHead(200).end();
      throw new S3Error('NotImplemented', `${method} on the bucket is not supported by the local S3`);
    }

    const key = decodeKey(rest);
    if (method === 'PUT' && q.has('partNumber') && q.has('uploadId')) return this.uploadPart(caller, key, q, req, res);
    if (method === 'PUT' && req.headers['x-amz-copy-source']) return this.copy(caller, key, req, res);
    if (method === 'PUT') return this.put(caller, key, req, res);
    if (method === 'POST' && q.has('uploads')) return this.createUpload(caller, key, req, res);
    if (method === 'POST' && q.has('uploadId')) return this.completeUpload(caller, key, q.get('uploadId')!, req, res);
    if (method === 'DELETE' && q.has('uploadId')) return this.abortUpload(caller, key, q.get('uploadId')!, res);
    if (method === 'DELETE') return this.deleteOne(caller, key, res);
    if (method === 'GET' && q.has('uploadId')) return this.listParts(caller, key, q.get('uploadId')!, res);
    if (method === 'GET' || method === 'HEAD') return this.get(caller, key, q, req, res);
    throw new S3Error('MethodNotAllowed', `The specified method is not allowed against this resource.`);
  }

  private authorize(caller: IssuedCredentials, action: StorageAction, key: string): void {
    if (!isAllowed(this.grants, caller, action, key)) throw new S3Error('AccessDenied', 'Access Denied');
  }

  // ── objects ──

  private async put(caller: IssuedCredentials, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.authorize(caller, 'write', key);
    if (req.headers['if-none-match'] === '*' && this.store.head(key)) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
        Condition: 'If-None-Match',
      });
    }
    const received = await this.receive(req);
    if (req.headers['if-none-match'] === '*' && this.store.head(key)) {
      this.store.discard(received.tmp);
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
        Condition: 'If-None-Match',
      });
    }
    const meta = this.store.commit(key, received.tmp, {
      size: received.size,
      etag: received.md5,
      contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'),
      metadata: userMetadata(req),
    });
    res.writeHead(200, { etag: `"${meta.etag}"` }).end();
  }

  private async get(
    caller: IssuedCredentials,
    key: string,
    q: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    this.authorize(caller, 'get', key);
    const meta = this.store.head(key);
    if (!meta) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
    const headers: Record<string, string | number> = {
      'content-type': q.get('response-content-type') ?? meta.contentType,
      etag: `"${meta.etag}"`,
      'last-modified': meta.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
    };
    const disposition = q.get('response-content-disposition');
    if (disposition) headers['content-disposition'] = disposition;
    for (const [k, v] of Object.entries(meta.metadata)) headers[`x-amz-meta-${k}`] = v;

    let start = 0;
    let end = meta.size - 1;
    const range = req.headers['range'];
    let status = 200;
    if (typeof range === 'string' && meta.size > 0) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (!m || (m[1] === '' && m[2] === ''))
        throw new S3Error('InvalidRange', 'The requested range is not satisfiable');
      if (m[1] === '') start = Math.max(0, meta.size - Number(m[2]));
      else {
        start = Number(m[1]);
        end = m[2] === '' ? meta.size - 1 : Math.min(Number(m[2]), meta.size - 1);
      }
      if (start > end || start >= meta.size)
        throw new S3Error('InvalidRange', 'The requested range is not satisfiable');
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${meta.size}`;
    }
    headers['content-length'] = meta.size === 0 ? 0 : end - start + 1;
    res.writeHead(status, headers);
    if (req.method === 'HEAD' || meta.size === 0) return void res.end();
    await pipeline(createReadStream(this.store.path(meta), { start, end }), res);
  }

  private deleteOne(caller: IssuedCredentials, key: string, res: ServerResponse): void {
    this.authorize(caller, 'delete', key);
    this.store.delete(key);
    res.writeHead(204).end();
  }

  private async deleteMany(caller: IssuedCredentials, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const xml = (await readBody(req, 2 * 1024 * 1024)).toString('utf8');
    const objects = [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((m) => texts(m[1]!, 'Key')[0]);
    if (!xml.includes('<Delete') || objects.length === 0 || objects.some((k) => k === undefined)) {
      throw new S3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    }
    if (objects.length > 1000) throw new S3Error('MalformedXML', 'DeleteObjects takes at most 1000 keys');
    const quiet = /<Quiet>true<\/Quiet>/.test(xml);
    let out = '';
    for (const key of objects as string[]) {
      if (!isAllowed(this.grants, caller, 'delete', key)) {
        out += `<Error>${el('Key', key)}${el('Code', 'AccessDenied')}${el('Message', 'Access Denied')}</Error>`;
        continue;
      }
      this.store.delete(key);
      if (!quiet) out += `<Deleted>${el('Key', key)}</Deleted>`;
    }
    send(res, 200, doc('DeleteResult', out));
  }

  private copy(caller: IssuedCredentials, key: string, req: IncomingMessage, res: ServerResponse): void {
    const source = decodeURIComponent(String(req.headers['x-amz-copy-source']).replace(/^\//, ''));
    const slash = source.indexOf('/');
    const [sourceBucket, sourceKey] = [source.slice(0, slash), source.slice(slash + 1)];
    if (slash < 0 || sourceBucket !== this.bucket)
      throw new S3Error('NoSuchBucket', 'The specified source bucket does not exist');
    this.authorize(caller, 'get', sourceKey);
    this.authorize(caller, 'write', key);
    const meta = this.store.head(sourceKey);
    if (!meta) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: sourceKey });
    const replace = req.headers['x-amz-metadata-directive'] === 'REPLACE';
    const copied = this.copyBody(meta, key, {
      contentType: replace ? String(req.headers['content-type'] ?? meta.contentType) : meta.contentType,
      metadata: replace ? userMetadata(req) : meta.metadata,
    });
    send(
      res,
      200,
      doc('CopyObjectResult', el('LastModified', copied.lastModified.toISOString()) + el('ETag', `"${copied.etag}"`)),
    );
  }

  private copyBody(
    meta: ObjectMeta,
    key: string,
    info: { contentType: string; metadata: Record<string, string> },
  ): ObjectMeta {
    const tmp = `${this.store.tmpDir}/${randomUUID()}`;
    copyFileSync(this.store.path(meta), tmp);
    return this.store.commit(key, tmp, { size: meta.size, etag: meta.etag, ...info });
  }

  // ── listing ──

  private list(caller: IssuedCredentials, q: URLSearchParams, res: ServerResponse): void {
    const prefix = q.get('prefix') ?? '';
    this.authorize(caller, 'list', prefix);
    const delimiter = q.get('delimiter') ?? '';
    const maxKeys = Math.min(MAX_KEYS, Math.max(0, Number(q.get('max-keys') ?? MAX_KEYS) || 0));
    const token = q.get('continuation-token');
    let after = q.get('start-after') ?? '';
    if (token) {
      try {
        after = Buffer.from(token, 'base64url').toString('utf8');
      } catch {
        throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect');
      }
    }
    const contents: ObjectMeta[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let last = after;
    outer: while (true) {
      const batch = this.store.list(prefix, last, 500);
      if (batch.length === 0) break;
      for (const meta of batch) {
        if (contents.length + prefixes.length >= maxKeys) {
          truncated = true;
          break outer;
        }
        if (delimiter) {
          const i = meta.key.indexOf(delimiter, prefix.length);
          if (i >= 0) {
            const common = meta.key.slice(0, i + delimiter.length);
            prefixes.push(common);
            // Skip every key under this common prefix.
            last = common + '\u{10FFFF}';
            continue outer;
          }
        }
        contents.push(meta);
        last = meta.key;
      }
    }
    const encodeUrl = q.get('encoding-type') === 'url';
    const k = (s: string) => (encodeUrl ? encodeURIComponent(s) : s);
    const body =
      el('Name', this.bucket) +
      el('Prefix', k(prefix)) +
      (delimiter ? el('Delimiter', k(delimiter)) : '') +
      el('MaxKeys', maxKeys) +
      (encodeUrl ? el('EncodingType', 'url') : '') +
      el('KeyCount', contents.length + prefixes.length) +
      el('IsTruncated', truncated) +
      (token ? el('ContinuationToken', token) : '') +
      (q.get('start-after') ? el('StartAfter', k(q.get('start-after')!)) : '') +
      (truncated ? el('NextContinuationToken', Buffer.from(last, 'utf8').toString('base64url')) : '') +
      contents
        .map(
          (m) =>
            `<Contents>${el('Key', k(m.key))}${el('LastModified', m.lastModified.toISOString())}${el('ETag', `"${m.etag}"`)}${el('Size', m.size)}${el('StorageClass', 'STANDARD')}</Contents>`,
        )
        .join('') +
      prefixes.map((p) => `<CommonPrefixes>${el('Prefix', k(p))}</CommonPrefixes>`).join('');
    send(res, 200, doc('ListBucketResult', body));
  }

  // ── multipart ──

  private createUpload(caller: IssuedCredentials, key: string, req: IncomingMessage, res: ServerResponse): void {
    this.authorize(caller, 'write', key);
    req.resume();
    const uploadId = this.store.createUpload(
      key,
      String(req.headers['content-type'] ?? 'binary/octet-stream'),
      userMetadata(req),
    );
    send(
      res,
      200,
      doc('InitiateMultipartUploadResult', el('Bucket', this.bucket) + el('Key', key) + el('UploadId', uploadId)),
    );
  }

  private openUpload(caller: IssuedCredentials, key: string, uploadId: string) {
    this.authorize(caller, 'write', key);
    const upload = this.store.upload(uploadId);
    if (!upload || upload.key !== key) {
      throw new S3Error(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        {
          UploadId: uploadId,
        },
      );
    }
    return upload;
  }

  private async uploadPart(
    caller: IssuedCredentials,
    key: string,
    q: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const uploadId = q.get('uploadId')!;
    this.openUpload(caller, key, uploadId);
    const partNumber = Number(q.get('partNumber'));
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
    }
    const received = await this.receive(req);
    if (!this.store.upload(uploadId)) {
      this.store.discard(received.tmp);
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
    }
    this.store.savePart(uploadId, partNumber, received.tmp, received.md5, received.size);
    res.writeHead(200, { etag: `"${received.md5}"` }).end();
  }

  private async completeUpload(
    caller: IssuedCredentials,
    key: string,
    uploadId: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const upload = this.openUpload(caller, key, uploadId);
    const xml = (await readBody(req, 1024 * 1024)).toString('utf8');
    const requested = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
      partNumber: Number(texts(m[1]!, 'PartNumber')[0]),
      etag: (texts(m[1]!, 'ETag')[0] ?? '').replace(/"/g, ''),
    }));
    if (requested.length === 0)
      throw new S3Error(
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
    const stored = new Map(this.store.parts(uploadId).map((p) => [p.partNumber, p]));
    const chosen = requested.map((r, i) => {
      if (i > 0 && r.partNumber <= requested[i - 1]!.partNumber)
        throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.');
      const part = stored.get(r.partNumber);
      if (!part || part.etag !== r.etag) {
        throw new S3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
        );
      }
      if (i < requested.length - 1 && part.size < MIN_PART_SIZE) {
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
          PartNumber: String(r.partNumber),
        });
      }
      return part;
    });
    const tmp = `${this.store.tmpDir}/${randomUUID()}`;
    const out = createWriteStream(tmp);
    const md5s = createHash('md5');
    let size = 0;
    for (const part of chosen) {
      md5s.update(Buffer.from(part.etag, 'hex'));
      size += part.size;
      await pipeline(createReadStream(this.store.partPath(uploadId, part.partNumber)), out, { end: false });
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const etag = `${md5s.digest('hex')}-${chosen.length}`;
    this.store.commit(key, tmp, { size, etag, contentType: upload.contentType, metadata: upload.metadata });
    this.store.endUpload(uploadId);
    send(
      res,
      200,
      doc(
        'CompleteMultipartUploadResult',
        el('Location', `/${this.bucket}/${key}`) + el('Bucket', this.bucket) + el('Key', key) + el('ETag', `"${etag}"`),
      ),
    );
  }

  private abortUpload(caller: IssuedCredentials, key: string, uploadId: string, res: ServerResponse): void {
    this.openUpload(caller, key, uploadId);
    this.store.endUpload(uploadId);
    res.writeHead(204).end();
  }

  private listParts(caller: IssuedCredentials, key: string, uploadId: string, res: ServerResponse): void {
    this.openUpload(caller, key, uploadId);
    const parts = this.store
      .parts(uploadId)
      .map(
        (p) =>
          `<Part>${el('PartNumber', p.partNumber)}${el('LastModified', p.lastModified.toISOString())}${el('ETag', `"${p.etag}"`)}${el('Size', p.size)}</Part>`,
      )
      .join('');
    send(
      res,
      200,
      doc(
        'ListPartsResult',
        el('Bucket', this.bucket) + el('Key', key) + el('UploadId', uploadId) + el('IsTruncated', false) + parts,
      ),
    );
  }

  // ── helpers ──

  private async receive(req: IncomingMessage) {
    const received = await this.store.receive(req);
    const declared = String(req.headers['x-amz-content-sha256'] ?? '');
    if (/^[0-9a-f]{64}$/.test(declared) && declared !== received.sha256) {
      this.store.discard(received.tmp);
      throw new S3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
    return received;
  }
}

/** The object key from the raw path; keys that could name something outside a key are refused. */
export function decodeKey(rawKey: string): string {
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch {
    throw new S3Error('InvalidArgument', 'The object key is not valid URL encoding');
  }
  if (!key || Buffer.byteLength(key) > 1024)
    throw new S3Error('InvalidArgument', 'Object keys must be 1 to 1024 bytes long');
  if (
    key.includes('\0') ||
    key.startsWith('/') ||
    key.split('/').some((s) => s === '..' || s === '.') ||
    key.includes('\\')
  ) {
    throw new S3Error(
      'InvalidArgument',
      `The object key ${JSON.stringify(key)} is not allowed (empty, '.' or '..' segments, backslashes or NUL)`,
    );
  }
  return key;
}

function userMetadata(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith('x-amz-meta-') && typeof v === 'string') out[k.slice('x-amz-meta-'.length)] = v;
  }
  return out;
}

function send(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { request } from 'node:http';
import { BUCKET } from './index.ts';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const signer = (creds: Creds) =>
  new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials: creds,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
  });

/** Signs a request with @smithy/signature-v4, independently of the server's verifier. */
async function sign(creds: Creds, method: string, path: string, query: Record<string, string>, body?: string) {
  const signed = await signer(creds).sign({
    method,
    protocol: 'http:',
    hostname: 'localhost',
    port: 20005,
    path,
    query,
    headers: {
      host: 'localhost:20005',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    },
    body,
  });
  return signed.headers as Record<string, string>;
}

/** A hand-signed S3 request to the local backend, for checks the Storage client cannot make. */
export async function signedFetch(
  creds: Creds,
  method: string,
  key: string,
  opts: { query?: Record<string, string>; body?: string; tamper?: boolean } = {},
): Promise<Response> {
  const path = `/${BUCKET}${key ? '/' + key.split('/').map(encodeURIComponent).join('/') : ''}`;
  const query = opts.query ?? {};
  const headers = await sign(creds, method, path, query, opts.body);
  if (opts.tamper)
    headers['authorization'] = headers['authorization']!.replace(
      /Signature=([0-9a-f])/,
      (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`,
    );
  const qs = new URLSearchParams(query).toString();
  return fetch(`http://localhost:20005${path}${qs ? '?' + qs : ''}`, { method, headers, body: opts.body });
}

/** A signed request with the raw path exactly as given (fetch would normalise `..`). */
export async function hostRequest(
  creds: Creds,
  method: string,
  rawPath: string,
  body: string,
): Promise<{ status: number; body: string }> {
  const headers = await sign(creds, method, rawPath, {}, body);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: 20005, method, path: rawPath, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import { authGroups } from '../identity/definitions.ts';
import { assumedRole } from '../identity/identity-pool.ts';
import { createLogger } from '../log.ts';
import { testBackendOptions } from '../testing/backend-options.ts';
import { BUCKET, createStorageService, S3_LOCAL_ENDPOINT, type BucketSettings } from './index.ts';

/** Test helpers: S3 requests signed with @smithy/signature-v4, independently of the server's verifier. */

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export interface SendOptions {
  query?: Record<string, string>;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Flip one hex digit of the signature. */
  tamper?: boolean;
  signingDate?: Date;
  /** Sign the body's SHA-256 instead of UNSIGNED-PAYLOAD. */
  signPayload?: boolean;
  /** The path exactly as sent; by default /<bucket>/<key> with each segment URI-encoded. */
  rawPath?: string;
  /** Send this instead of the body that was signed. */
  sendBody?: string;
}

export const encodeKey = (key: string) =>
  key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

const objectPath = (key: string) => `/${BUCKET}${key ? '/' + encodeKey(key) : ''}`;

const signer = (creds: Creds, region = 'us-east-1') =>
  new SignatureV4({ service: 's3', region, credentials: creds, sha256: Sha256, uriEscapePath: false });

function queryString(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** Sends one signed request with node:http (fetch would normalise `..` in paths). */
export async function s3Request(
  baseUrl: string,
  creds: Creds,
  method: string,
  key: string,
  opts: SendOptions = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const path = opts.rawPath ?? objectPath(key);
  const query = opts.query ?? {};
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
  const signed = await signer(creds).sign(
    {
      method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query,
      headers: {
        host: url.host,
        'x-amz-content-sha256':
          opts.signPayload && body ? createHash('sha256').update(body).digest('hex') : 'UNSIGNED-PAYLOAD',
        ...(body ? { 'content-length': String(body.length) } : {}),
        ...opts.headers,
      },
    },
    { signingDate: opts.signingDate },
  );
  const headers = signed.headers as Record<string, string>;
  if (opts.tamper) {
    headers['authorization'] = headers['authorization']!.replace(
      /Signature=([0-9a-f])/,
      (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`,
    );
  }
  const qs = queryString(query);
  return send(
    url,
    method,
    `${path}${qs ? '?' + qs : ''}`,
    headers,
    opts.sendBody !== undefined ? Buffer.from(opts.sendBody) : body,
  );
}

/** A presigned GET URL, as getUrl makes them. */
export async function presignGet(
  baseUrl: string,
  creds: Creds,
  key: string,
  opts: { expiresIn: number; signingDate?: Date },
): Promise<string> {
  const url = new URL(baseUrl);
  const presigned = await signer(creds).presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: objectPath(key),
      query: {},
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    {
      expiresIn: opts.expiresIn,
      signingDate: opts.signingDate,
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
    },
  );
  return `${baseUrl}${objectPath(key)}?${queryString(presigned.query as Record<string, string>)}`;
}

export function send(
  url: URL,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const b = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b, text: b.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The <Code> of an S3 XML error body. */
export const errorCode = (res: RawResponse) =>
  /<Code>([^<]*)<\/Code>/.exec(res.text)?.[1] ?? (res.headers['x-amz-error-code'] as string | undefined);

/** A hand-signed request to the process on port 20005 (where the Storage client tests run). */
export async function signedFetch(
  creds: Creds,
  method: string,
  key: string,
  opts: { query?: Record<string, string>; body?: string; tamper?: boolean } = {},
): Promise<RawResponse> {
  return s3Request(S3_LOCAL_ENDPOINT, creds, method, key, opts);
}

/** A signed request with the raw path exactly as given. */
export async function hostRequest(creds: Creds, method: string, rawPath: string, body: string): Promise<RawResponse> {
  return s3Request(S3_LOCAL_ENDPOINT, creds, method, '', { rawPath, body });
}

/** Credentials for a fake identity part: one caller per kind of role the storage rules know. */
export function fakeIdentity(region = 'us-east-1') {
  const credentials = new Map<string, IssuedCredentials>();
  const issue = (name: string, groups: string[], authenticated = true): IssuedCredentials => {
    const c: IssuedCredentials = {
      accessKeyId: `ASIA${name.toUpperCase()}0000`,
      secretAccessKey: `secret-${name}`,
      sessionToken: `token-${name}`,
      expiration: new Date(Date.now() + 3600_000),
      identityId: `${region}:${name}`,
      authenticated,
      groups,
      role: assumedRole(authenticated, groups, authGroups()),
    };
    credentials.set(c.accessKeyId, c);
    return c;
  };
  const identity: IdentityApi = {
    region,
    userPoolId: `${region}_local`,
    userPoolClientId: 'client',
    identityPoolId: `${region}:pool`,
    verifyToken: () => Promise.reject(new Error('not used')),
    credentialsFor: (id) => credentials.get(id),
  };
  return { identity, issue };
}

/** The storage service alone on a free port of 127.0.0.1, over `dataDir`. */
export async function startStorage(dataDir: string, identity: IdentityApi, port = 0, settings?: BucketSettings) {
  const storage = await createStorageService(
    {
      options: testBackendOptions(dataDir, { port }),
      log: createLogger('error'),
      baseUrl: 'http://localhost:20005',
    },
    identity,
    settings,
  );
  const server = createServer((req, res) => {
    void storage.service.handle(req, res, new URL(req.url ?? '/', 'http://local')).catch((err: Error) => {
      res.writeHead(500).end(err.stack);
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stop = async () => {
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeAllConnections();
    await closed;
    await storage.service.close?.();
  };
  return { storage, server, base, stop };
}

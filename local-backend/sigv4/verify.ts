import { createHash, timingSafeEqual } from 'node:crypto';
import { SERVICE_RULES, type SignatureFailure, type SigV4Service } from './service-rules.ts';
import { signerFor } from './signers.ts';

export type { SignatureFailure, SigV4Service } from './service-rules.ts';

/** A refused signature, with the error code and status its service answers with. */
export class SignatureError extends Error {
  constructor(
    readonly failure: SignatureFailure,
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Headers = Record<string, string | string[] | undefined>;

/** A request as its signature covers it. */
export interface SignedHttpRequest {
  method: string;
  /** The path and query exactly as sent. */
  url: string;
  headers: Headers;
  /** The whole body, for services that read it before answering (S3 checks its bodies as they stream in). */
  body?: string | Buffer;
}

/** Credentials a service issued, which a signature must have been made with. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface VerifiedSignature<C> {
  creds: C;
  presigned: boolean;
  /** What S3's chunk signatures chain on from. */
  signature: string;
  amzDate: string;
  date: string;
  region: string;
}

const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** Presign parameters smithy writes itself; the rest of a presigned URL's query is signed as sent. */
const PRESIGN_PARAMS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
]);

type Query = Record<string, string | string[]>;

class Refusal {
  constructor(
    readonly failure: SignatureFailure,
    readonly detail = '',
  ) {}
}

function parseQuery(raw: string): Query {
  const query: Query = {};
  if (!raw) return query;
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const i = pair.indexOf('=');
    let k: string, v: string;
    try {
      // Form encoding: aws-amplify builds queries with URLSearchParams, which writes spaces as '+'.
      k = decodeURIComponent((i < 0 ? pair : pair.slice(0, i)).replace(/\+/g, ' '));
      v = decodeURIComponent((i < 0 ? '' : pair.slice(i + 1)).replace(/\+/g, ' '));
    } catch {
      throw new Refusal('malformed-query', 'The query string is not valid URL encoding.');
    }
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Header names in lower case, repeated values joined as SigV4 canonicalizes them. */
function lowerCased(headers: Headers): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out.set(k.toLowerCase(), Array.isArray(v) ? v.join(',') : v);
  }
  return out;
}

interface Authorization {
  presigned: boolean;
  accessKeyId: string;
  date: string;
  region: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  signedAt: Date;
  token: string | undefined;
  expiresIn: number;
}

function parseAuthorization(service: SigV4Service, headers: Map<string, string>, query: Query): Authorization {
  const rules = SERVICE_RULES[service];
  let credential: string, signedHeaders: string, signature: string, amzDate: string, token: string | undefined;
  let presigned = false;
  let expiresIn = 0;
  const auth = headers.get('authorization');
  if (auth?.startsWith(`${ALGORITHM} `)) {
    const fields: Record<string, string> = {};
    for (const part of auth.slice(ALGORITHM.length + 1).split(',')) {
      const i = part.indexOf('=');
      if (i > 0) fields[part.slice(0, i).trim()] = part.slice(i + 1).trim();
    }
    credential = fields['Credential'] ?? '';
    signedHeaders = fields['SignedHeaders'] ?? '';
    signature = fields['Signature'] ?? '';
    amzDate = headers.get('x-amz-date') ?? '';
    token = headers.get('x-amz-security-token');
    if (rules.payloadHashHeader && !headers.get('x-amz-content-sha256')) throw new Refusal('no-payload-hash');
  } else if (rules.presigned && one(query['X-Amz-Algorithm']) === ALGORITHM) {
    presigned = true;
    credential = one(query['X-Amz-Credential']) ?? '';
    signedHeaders = one(query['X-Amz-SignedHeaders']) ?? '';
    signature = one(query['X-Amz-Signature']) ?? '';
    amzDate = one(query['X-Amz-Date']) ?? '';
    token = one(query['X-Amz-Security-Token']);
    expiresIn = Number(one(query['X-Amz-Expires']));
    if (!(Number.isInteger(expiresIn) && expiresIn > 0 && expiresIn <= MAX_PRESIGNED_SECONDS)) {
      throw new Refusal('bad-expiry');
    }
  } else {
    throw new Refusal(auth === undefined ? 'missing' : 'malformed');
  }

  const [accessKeyId = '', date = '', region = '', scopeService = '', terminator = ''] = credential.split('/');
  const m = AMZ_DATE.exec(amzDate);
  const names = signedHeaders.split(';').filter(Boolean);
  if (
    !m ||
    !accessKeyId ||
    !region ||
    scopeService !== service ||
    terminator !== 'aws4_request' ||
    !amzDate.startsWith(date) ||
    !/^[0-9a-f]{64}$/.test(signature) ||
    !names.includes('host')
  ) {
    throw new Refusal(presigned ? 'malformed-query' : 'malformed');
  }
  const signedAt = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return { presigned, accessKeyId, date, region, signedHeaders: names, signature, amzDate, signedAt, token, expiresIn };
}

/**
 * Verifies an AWS Signature Version 4 (an Authorization header, or for S3 a presigned query) as
 * `service` does: the credentials must be ones this backend issued, unexpired, sent with their
 * session token, signed within the service's time window, and @smithy/signature-v4 must compute
 * the same signature over the same method, path, query, signed headers and payload. Every
 * refusal is a SignatureError carrying the service's own error code for it.
 */
export async function verifySignature<C extends SigningCredentials>(
  service: SigV4Service,
  request: SignedHttpRequest,
  lookup: (accessKeyId: string) => C | undefined,
  now = new Date(),
): Promise<VerifiedSignature<C>> {
  try {
    return await verify(service, request, lookup, now);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    const { code, status, message } = SERVICE_RULES[service].errors[err.failure];
    throw new SignatureError(err.failure, code, status, message(err.detail));
  }
}

async function verify<C extends SigningCredentials>(
  service: SigV4Service,
  request: SignedHttpRequest,
  lookup: (accessKeyId: string) => C | undefined,
  now: Date,
): Promise<VerifiedSignature<C>> {
  const rules = SERVICE_RULES[service];
  const q = request.url.indexOf('?');
  const path = q < 0 ? request.url : request.url.slice(0, q);
  const query = parseQuery(q < 0 ? '' : request.url.slice(q + 1));
  const sent = lowerCased(request.headers);
  const auth = parseAuthorization(service, sent, query);
  for (const name of auth.signedHeaders) {
    if (!sent.has(name)) throw new Refusal('signed-header-absent', name);
  }

  const creds = lookup(auth.accessKeyId);
  if (!creds) throw new Refusal('unknown-key');
  if (auth.token !== creds.sessionToken) throw new Refusal('wrong-token');
  if (creds.expiration.getTime() <= now.getTime()) throw new Refusal('expired-credentials');
  if (auth.presigned) {
    if (auth.signedAt.getTime() + auth.expiresIn * 1000 < now.getTime()) throw new Refusal('presign-expired');
  } else if (Math.abs(auth.signedAt.getTime() - now.getTime()) > rules.maxSkewMs) {
    throw new Refusal('skewed', auth.amzDate);
  }
  const payloadHash = sent.get('x-amz-content-sha256');
  if (
    request.body !== undefined &&
    payloadHash !== undefined &&
    payloadHash !== createHash('sha256').update(request.body).digest('hex')
  ) {
    throw new Refusal('payload-hash-mismatch');
  }

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    // smithy writes these two itself (from the signing date and the credentials).
    if (name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    headers[name] = sent.get(name)!;
  }
  const signer = signerFor(
    creds,
    service,
    auth.region,
    auth.presigned || auth.signedHeaders.includes('x-amz-security-token') ? creds.sessionToken : undefined,
  );
  const signable = new Set(auth.signedHeaders);
  const method = request.method;
  const hostname = headers['host'] ?? '';
  let expected: string;
  let expectedHeaders: string;
  if (auth.presigned) {
    const rest: Query = {};
    for (const [k, v] of Object.entries(query)) if (!PRESIGN_PARAMS.has(k)) rest[k] = v;
    const presigned = await signer.presign(
      {
        method,
        protocol: 'http:',
        hostname,
        path,
        query: rest,
        headers: { ...headers, 'x-amz-content-sha256': UNSIGNED_PAYLOAD },
      },
      {
        signingDate: auth.signedAt,
        expiresIn: auth.expiresIn,
        signableHeaders: signable,
        unsignableHeaders: new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set([...signable, 'x-amz-content-sha256']),
      },
    );
    expected = String(presigned.query?.['X-Amz-Signature'] ?? '');
    expectedHeaders = String(presigned.query?.['X-Amz-SignedHeaders'] ?? '');
  } else {
    const signed = await signer.sign(
      { method, protocol: 'http:', hostname, path, query, headers, body: request.body },
      { signingDate: auth.signedAt, signableHeaders: signable },
    );
    const authorization = String(signed.headers['authorization'] ?? '');
    expected = /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '';
    expectedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? '';
  }
  const given = Buffer.from(auth.signature, 'hex');
  const wanted = Buffer.from(expected, 'hex');
  if (
    expectedHeaders !== auth.signedHeaders.join(';') ||
    given.length !== wanted.length ||
    !timingSafeEqual(given, wanted)
  ) {
    throw new Refusal('mismatch');
  }
  return {
    creds,
    presigned: auth.presigned,
    signature: auth.signature,
    amzDate: auth.amzDate,
    date: auth.date,
    region: auth.region,
  };
}

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { IssuedCredentials } from '../identity/api.ts';
import { signerFor, signingKey } from './signers.ts';

export class S3AuthError extends Error {
  constructor(
    readonly code:
      | 'AccessDenied'
      | 'SignatureDoesNotMatch'
      | 'InvalidAccessKeyId'
      | 'ExpiredToken'
      | 'InvalidToken'
      | 'AuthorizationHeaderMalformed'
      | 'AuthorizationQueryParametersError'
      | 'InvalidRequest'
      | 'RequestTimeTooSkewed',
    message: string,
  ) {
    super(message);
  }
}

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** What the body's chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) chain on from. */
export interface SeedSignature {
  signature: string;
  amzDate: string;
  scope: string;
  key: Buffer;
}

export interface VerifiedRequest {
  caller: IssuedCredentials;
  /** Absent for presigned URLs, whose payload is never signed. */
  seed: SeedSignature | undefined;
}

const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const MAX_CLOCK_SKEW_MS = 15 * 60_000;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
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
      throw new S3AuthError('AuthorizationQueryParametersError', 'The query string is not valid URL encoding.');
    }
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

interface Parsed {
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

function parseAuth(req: IncomingMessage, query: Query): Parsed {
  let credential: string, signedHeaders: string, signature: string, amzDate: string, token: string | undefined;
  let presigned = false;
  let expiresIn = 0;
  const auth = req.headers['authorization'];
  if (typeof auth === 'string' && auth.startsWith('AWS4-HMAC-SHA256 ')) {
    const fields: Record<string, string> = {};
    for (const part of auth.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
      const i = part.indexOf('=');
      if (i > 0) fields[part.slice(0, i).trim()] = part.slice(i + 1).trim();
    }
    credential = fields['Credential'] ?? '';
    signedHeaders = fields['SignedHeaders'] ?? '';
    signature = fields['Signature'] ?? '';
    amzDate = String(req.headers['x-amz-date'] ?? '');
    token = one(req.headers['x-amz-security-token']);
    if (!req.headers['x-amz-content-sha256']) {
      throw new S3AuthError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    }
  } else if (one(query['X-Amz-Algorithm']) === 'AWS4-HMAC-SHA256') {
    presigned = true;
    credential = one(query['X-Amz-Credential']) ?? '';
    signedHeaders = one(query['X-Amz-SignedHeaders']) ?? '';
    signature = one(query['X-Amz-Signature']) ?? '';
    amzDate = one(query['X-Amz-Date']) ?? '';
    token = one(query['X-Amz-Security-Token']);
    expiresIn = Number(one(query['X-Amz-Expires']));
    if (!(Number.isInteger(expiresIn) && expiresIn > 0 && expiresIn <= MAX_PRESIGNED_SECONDS)) {
      throw new S3AuthError(
        'AuthorizationQueryParametersError',
        'X-Amz-Expires must be a whole number of seconds between 1 and 604800.',
      );
    }
  } else {
    throw new S3AuthError('AccessDenied', 'Access Denied');
  }

  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = credential.split('/');
  const signedAt = parseAmzDate(amzDate);
  const names = signedHeaders.split(';').filter(Boolean);
  if (
    !signedAt ||
    !accessKeyId ||
    service !== 's3' ||
    terminator !== 'aws4_request' ||
    !amzDate.startsWith(date) ||
    !/^[0-9a-f]{64}$/.test(signature) ||
    !names.includes('host')
  ) {
    throw new S3AuthError(
      presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed',
      'The authorization information is malformed (credential scope, date, signed headers or signature).',
    );
  }
  return { presigned, accessKeyId, date, region, signedHeaders: names, signature, amzDate, signedAt, token, expiresIn };
}

/**
 * Verifies an AWS Signature Version 4 (Authorization header or presigned query) as S3 does, by
 * having @smithy/signature-v4 sign the same request again with the secret issued for the access
 * key and comparing signatures. S3 signs the path exactly as sent (no second encoding), so the
 * raw path goes in with `uriEscapePath: false`. Returns the caller's credentials.
 */
export async function verifySigV4(
  req: IncomingMessage,
  lookup: (accessKeyId: string) => IssuedCredentials | undefined,
  now = new Date(),
): Promise<VerifiedRequest> {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = parseQuery(q < 0 ? '' : rawUrl.slice(q + 1));
  const auth = parseAuth(req, query);

  const creds = lookup(auth.accessKeyId);
  if (!creds) {
    throw new S3AuthError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (auth.token !== creds.sessionToken) {
    throw new S3AuthError('InvalidToken', 'The provided token is malformed or otherwise invalid.');
  }
  if (creds.expiration.getTime() <= now.getTime()) {
    throw new S3AuthError('ExpiredToken', 'The provided token has expired.');
  }
  if (auth.presigned) {
    if (auth.signedAt.getTime() + auth.expiresIn * 1000 < now.getTime()) {
      throw new S3AuthError('AccessDenied', 'Request has expired');
    }
  } else if (Math.abs(auth.signedAt.getTime() - now.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new S3AuthError(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
    );
  }

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    // smithy writes these two itself (from the signing date and the credentials).
    if (name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    const value = req.headers[name];
    headers[name] = Array.isArray(value) ? value.join(',') : (value ?? '');
  }
  const signer = signerFor(
    creds,
    auth.region,
    auth.presigned || auth.signedHeaders.includes('x-amz-security-token') ? creds.sessionToken : undefined,
  );
  const signable = new Set(auth.signedHeaders);
  let expected: string;
  let expectedHeaders: string;
  if (auth.presigned) {
    const rest: Query = {};
    for (const [k, v] of Object.entries(query)) if (!PRESIGN_PARAMS.has(k)) rest[k] = v;
    const presigned = await signer.presign(
      {
        method: req.method ?? 'GET',
        protocol: 'http:',
        hostname: headers['host'] ?? '',
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
      { method: req.method ?? 'GET', protocol: 'http:', hostname: headers['host'] ?? '', path, query, headers },
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
    throw new S3AuthError('SignatureDoesNotMatch', SIGNATURE_MISMATCH);
  }
  return {
    caller: creds,
    seed: auth.presigned
      ? undefined
      : {
          signature: auth.signature,
          amzDate: auth.amzDate,
          scope: `${auth.date}/${auth.region}/s3/aws4_request`,
          key: signingKey(creds.secretAccessKey, auth.date, auth.region),
        },
  };
}

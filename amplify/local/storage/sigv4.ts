import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { IssuedCredentials } from '../identity/api.ts';

export class S3AuthError extends Error {
  constructor(
    readonly code:
      | 'AccessDenied'
      | 'SignatureDoesNotMatch'
      | 'InvalidAccessKeyId'
      | 'ExpiredToken'
      | 'InvalidToken'
      | 'AuthorizationHeaderMalformed',
    message: string,
  ) {
    super(message);
  }
}

const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

function parseQuery(raw: string): [string, string][] {
  if (!raw) return [];
  return raw.split('&').map((pair) => {
    const i = pair.indexOf('=');
    const k = i < 0 ? pair : pair.slice(0, i);
    const v = i < 0 ? '' : pair.slice(i + 1);
    return [decodeURIComponent(k), decodeURIComponent(v)];
  });
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

export interface SignedRequest {
  credentials: IssuedCredentials;
}

/**
 * Verifies an AWS Signature Version 4 (header or presigned query) the way S3 does: canonical
 * request from the raw path (S3 does not re-encode it), sorted query and signed headers, then the
 * signing-key chain for the credential scope. Returns the caller's credentials.
 */
export function verifySigV4(
  req: IncomingMessage,
  lookup: (accessKeyId: string) => IssuedCredentials | undefined,
  now = new Date(),
): IssuedCredentials {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = parseQuery(q < 0 ? '' : rawUrl.slice(q + 1));
  const get = (name: string) => query.find(([k]) => k === name)?.[1];

  let credential: string,
    signedHeaders: string,
    signature: string,
    amzDate: string,
    payloadHash: string,
    token: string | undefined;
  let presignedExpires: number | undefined;
  const auth = req.headers['authorization'];
  if (typeof auth === 'string' && auth.startsWith('AWS4-HMAC-SHA256 ')) {
    const fields = Object.fromEntries(
      auth
        .slice('AWS4-HMAC-SHA256 '.length)
        .split(',')
        .map((part) => part.trim().split('=') as [string, string]),
    );
    credential = fields['Credential'] ?? '';
    signedHeaders = fields['SignedHeaders'] ?? '';
    signature = fields['Signature'] ?? '';
    amzDate = String(req.headers['x-amz-date'] ?? '');
    payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    token = req.headers['x-amz-security-token'] as string | undefined;
    if (!payloadHash)
      throw new S3AuthError(
        'AuthorizationHeaderMalformed',
        'Missing required header for this request: x-amz-content-sha256',
      );
  } else if (get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    credential = get('X-Amz-Credential') ?? '';
    signedHeaders = get('X-Amz-SignedHeaders') ?? '';
    signature = get('X-Amz-Signature') ?? '';
    amzDate = get('X-Amz-Date') ?? '';
    payloadHash = 'UNSIGNED-PAYLOAD';
    token = get('X-Amz-Security-Token');
    presignedExpires = Number(get('X-Amz-Expires'));
  } else {
    throw new S3AuthError('AccessDenied', 'Access Denied');
  }

  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = credential.split('/');
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt || service !== 's3' || terminator !== 'aws4_request' || !amzDate.startsWith(date)) {
    throw new S3AuthError('AuthorizationHeaderMalformed', 'The authorization header is malformed');
  }
  const creds = lookup(accessKeyId);
  if (!creds)
    throw new S3AuthError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  if (token !== creds.sessionToken)
    throw new S3AuthError('InvalidToken', 'The provided token is malformed or otherwise invalid.');
  if (creds.expiration.getTime() <= now.getTime())
    throw new S3AuthError('ExpiredToken', 'The provided token has expired.');
  if (presignedExpires !== undefined) {
    if (!(presignedExpires > 0 && presignedExpires <= 604800))
      throw new S3AuthError('AuthorizationHeaderMalformed', 'X-Amz-Expires must be between 1 and 604800 seconds');
    if (signedAt.getTime() + presignedExpires * 1000 < now.getTime())
      throw new S3AuthError('AccessDenied', 'Request has expired');
  } else if (Math.abs(signedAt.getTime() - now.getTime()) > 15 * 60_000) {
    throw new S3AuthError('AccessDenied', 'The difference between the request time and the current time is too large.');
  }

  const canonicalQuery = query
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerNames = signedHeaders.split(';');
  if (!headerNames.includes('host'))
    throw new S3AuthError('AuthorizationHeaderMalformed', 'The host header must be signed');
  const canonicalHeaders = headerNames
    .map((name) => {
      const value = req.headers[name];
      const text = Array.isArray(value) ? value.join(',') : (value ?? '');
      return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = [req.method, rawPath, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join(
    '\n',
  );
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new S3AuthError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  return creds;
}

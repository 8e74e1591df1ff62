import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';
import { CognitoError } from './errors.ts';

type Headers = Record<string, string | string[] | undefined>;

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MAX_SKEW_MS = 5 * 60_000;

function header(headers: Headers, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(',') : v;
  return undefined;
}

/**
 * Checks a Cognito admin request's AWS Signature Version 4 (service `cognito-idp`) as AWS does:
 * known, unexpired credentials with their session token, and the same signature computed by
 * @smithy/signature-v4 over the signed headers and the body. Returns the access key id.
 */
export async function verifyCognitoSignature<C extends SigningCredentials>(
  request: { method: string; path: string; headers: Headers; body: string },
  lookup: (accessKeyId: string) => C | undefined,
): Promise<C> {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const fields: Record<string, string> = {};
  for (const part of authorization.replace(/^AWS4-HMAC-SHA256 /, '').split(',')) {
    const i = part.indexOf('=');
    if (i > 0) fields[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  const [accessKeyId = '', date = '', region = '', service = ''] = (fields['Credential'] ?? '').split('/');
  const signedHeaders = (fields['SignedHeaders'] ?? '').split(';').filter(Boolean);
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const m = AMZ_DATE.exec(amzDate);
  if (!m || !amzDate.startsWith(date) || service !== 'cognito-idp' || !signedHeaders.includes('host')) {
    throw new CognitoError('IncompleteSignatureException', 'The request signature is incomplete (cognito-idp, SigV4).');
  }
  const signedAt = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  if (Math.abs(signedAt.getTime() - Date.now()) > MAX_SKEW_MS) {
    throw new CognitoError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is not within 5 minutes of now.`,
    );
  }
  const creds = lookup(accessKeyId);
  if (!creds || header(request.headers, 'x-amz-security-token') !== creds.sessionToken) {
    throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (creds.expiration.getTime() <= Date.now()) {
    throw new CognitoError('ExpiredTokenException', 'The security token included in the request is expired');
  }
  const contentHash = header(request.headers, 'x-amz-content-sha256');
  if (contentHash !== undefined && contentHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw new CognitoError('InvalidSignatureException', 'The x-amz-content-sha256 header does not match the body.');
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    if (name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    headers[name] = header(request.headers, name) ?? '';
  }
  const signer = new SignatureV4({
    service: 'cognito-idp',
    region,
    sha256: Sha256,
    applyChecksum: false,
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: signedHeaders.includes('x-amz-security-token') ? creds.sessionToken : undefined,
    },
  });
  const [path, query = ''] = request.path.split('?');
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers['host'] ?? '',
      path: path!,
      query: Object.fromEntries(new URLSearchParams(query)),
      headers,
      body: request.body,
    },
    { signingDate: signedAt, signableHeaders: new Set(signedHeaders), unsignableHeaders: new Set() },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization'] ?? ''))?.[1] ?? '';
  const given = Buffer.from(fields['Signature'] ?? '', 'hex');
  const wanted = Buffer.from(expected, 'hex');
  if (given.length !== wanted.length || given.length === 0 || !timingSafeEqual(given, wanted)) {
    throw new CognitoError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return creds;
}

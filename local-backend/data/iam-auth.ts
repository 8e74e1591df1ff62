import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import { RequestError } from './errors.ts';

/** AWS's usual clock-skew allowance for a signed request. */
const MAX_SKEW_MS = 5 * 60_000;

type Headers = Record<string, string | string[] | undefined>;

/** What was signed: the HTTP request as AppSync receives it (or, for realtime, as the client signed it). */
export interface SignedRequest {
  method: string;
  /** The path the signature covers: /graphql, or /graphql/connect for a realtime connection. */
  path: string;
  headers: Headers;
  body: string | Buffer;
}

const refused = (status: number, errorType: string, message: string) => new RequestError(status, errorType, message);

function header(headers: Headers, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(',') : v;
  }
  return undefined;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Verifies an AWS Signature Version 4 for the `appsync` service as AppSync does for AWS_IAM: the
 * credentials must be ones the identity pool issued, unexpired, with their session token, and
 * @smithy/signature-v4 must compute the same signature over the same headers and body. Returns
 * the credentials (whose identity and role the authorization rules then look at).
 */
export async function verifyAppSyncSignature(
  request: SignedRequest,
  identity: IdentityApi,
): Promise<IssuedCredentials> {
  const authorization = header(request.headers, 'authorization') ?? '';
  const fields: Record<string, string> = {};
  for (const part of authorization.replace(/^AWS4-HMAC-SHA256 /, '').split(',')) {
    const i = part.indexOf('=');
    if (i > 0) fields[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = (fields['Credential'] ?? '').split(
    '/',
  );
  const signedHeaders = (fields['SignedHeaders'] ?? '').split(';').filter(Boolean);
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const m = AMZ_DATE.exec(amzDate);
  if (
    !accessKeyId ||
    !m ||
    !amzDate.startsWith(date) ||
    service !== 'appsync' ||
    terminator !== 'aws4_request' ||
    !/^[0-9a-f]{64}$/.test(fields['Signature'] ?? '') ||
    !signedHeaders.includes('host')
  ) {
    throw refused(
      403,
      'IncompleteSignatureException',
      'Authorization header requires Credential (…/appsync/aws4_request), SignedHeaders (with host), Signature and an X-Amz-Date header.',
    );
  }
  for (const name of signedHeaders) {
    if (header(request.headers, name) === undefined) {
      throw refused(
        403,
        'IncompleteSignatureException',
        `'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`,
      );
    }
  }
  const signedAt = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  if (Math.abs(signedAt.getTime() - Date.now()) > MAX_SKEW_MS) {
    throw refused(403, 'InvalidSignatureException', `Signature expired: ${amzDate} is not within 5 minutes of now.`);
  }
  const creds = identity.credentialsFor(accessKeyId);
  const token = header(request.headers, 'x-amz-security-token');
  if (!creds || token !== creds.sessionToken) {
    throw refused(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (creds.expiration.getTime() <= Date.now()) {
    throw refused(403, 'ExpiredTokenException', 'The security token included in the request is expired');
  }

  const contentHash = header(request.headers, 'x-amz-content-sha256');
  if (contentHash !== undefined && contentHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw refused(403, 'InvalidSignatureException', 'The x-amz-content-sha256 header does not match the body.');
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    // smithy writes these two itself, from the signing date and the credentials.
    if (name === 'x-amz-date' || name === 'x-amz-security-token') continue;
    headers[name] = header(request.headers, name)!;
  }
  const signer = new SignatureV4({
    service: 'appsync',
    region,
    sha256: Sha256,
    applyChecksum: false,
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: signedHeaders.includes('x-amz-security-token') ? creds.sessionToken : undefined,
    },
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers['host'] ?? '',
      path: request.path,
      headers,
      body: request.body,
    },
    { signingDate: signedAt, signableHeaders: new Set(signedHeaders), unsignableHeaders: new Set() },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization'] ?? ''))?.[1] ?? '';
  const expectedHeaders = /SignedHeaders=([^,]+)/.exec(String(signed.headers['authorization'] ?? ''))?.[1] ?? '';
  const given = Buffer.from(fields['Signature']!, 'hex');
  const wanted = Buffer.from(expected, 'hex');
  if (
    expectedHeaders !== signedHeaders.join(';') ||
    given.length !== wanted.length ||
    !timingSafeEqual(given, wanted)
  ) {
    throw refused(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return creds;
}

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { BUCKET } from '../storage/index.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';

/*
 * Every hostile signature, sent to each service that checks SigV4 (S3, AppSync with AWS_IAM, the
 * Cognito admin API) on one running backend, signed here with @smithy/signature-v4 independently
 * of the server. Each service must refuse it with its own error code, or accept a good one.
 */

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

interface Answer {
  status: number;
  /** S3's <Code>, or the AWS JSON services' x-amzn-errortype; '' when accepted. */
  code: string;
}

type Service = 's3' | 'appsync' | 'cognito-idp';

/** The request each service gets: something a good signature lets through. */
function target(service: Service, body?: string) {
  if (service === 's3') {
    return {
      method: body === undefined ? 'GET' : 'PUT',
      path: `/${BUCKET}/images/hostile/object.txt`,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } as Record<string, string>,
      body,
    };
  }
  if (service === 'appsync') {
    return {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' } as Record<string, string>,
      body: body ?? JSON.stringify({ query: '{ listSongs { items { id } } }' }),
    };
  }
  return {
    method: 'POST',
    path: '/cognito-idp',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers',
    } as Record<string, string>,
    body: body ?? JSON.stringify({ UserPoolId: backend.identity.userPoolId }),
  };
}

interface Hostility {
  creds?: Partial<Creds>;
  signingDate?: Date;
  /** The service named in the credential scope. */
  scopeService?: string;
  /** Leave the Host header out of what is signed. */
  unsignedHost?: boolean;
  /** Sign a header that is then not sent. */
  signedThenDropped?: string;
  /** Sign a payload hash, then send another body (still one the service can parse). */
  otherBody?: boolean;
  /** Change the Authorization header (or drop headers) after signing. */
  rewrite?: (headers: Record<string, string>) => void;
  noAuthorization?: boolean;
}

const OTHER_BODY: Record<Service, string> = {
  s3: 'another body',
  appsync: JSON.stringify({ query: '{ listAlbums { items { id } } }' }),
  'cognito-idp': JSON.stringify({ UserPoolId: 'us-east-1_other' }),
};

let backend: TestBackend;
let good: Creds;
let expired: Creds;

async function send(service: Service, hostility: Hostility = {}): Promise<Answer> {
  const url = new URL(backend.baseUrl);
  const t = target(service, hostility.otherBody && service === 's3' ? 'signed body' : undefined);
  const creds = { ...good, ...hostility.creds };
  const headers: Record<string, string> = { ...t.headers };
  if (!hostility.unsignedHost) headers['host'] = url.host;
  if (hostility.signedThenDropped) headers[hostility.signedThenDropped] = 'present when signed';
  if (hostility.otherBody) {
    headers['x-amz-content-sha256'] = createHash('sha256').update(t.body!).digest('hex');
  }
  const signer = new SignatureV4({
    service: hostility.scopeService ?? service,
    region: 'us-east-1',
    sha256: Sha256,
    credentials: creds,
    uriEscapePath: service !== 's3',
  });
  const signed = hostility.noAuthorization
    ? { headers }
    : await signer.sign(
        { method: t.method, protocol: 'http:', hostname: url.hostname, path: t.path, headers, body: t.body },
        { signingDate: hostility.signingDate },
      );
  const sent: Record<string, string> = { ...(signed.headers as Record<string, string>), host: url.host };
  if (hostility.signedThenDropped) delete sent[hostility.signedThenDropped];
  hostility.rewrite?.(sent);
  const body = hostility.otherBody ? OTHER_BODY[service] : t.body;
  if (body !== undefined) sent['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: t.method, path: t.path, headers: sent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const s3Code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
          const jsonCode = String(res.headers['x-amzn-errortype'] ?? '').replace(/:.*$/, '');
          resolve({ status: res.statusCode ?? 0, code: service === 's3' ? (s3Code ?? '') : jsonCode });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

before(async () => {
  backend = await startTestBackend({ seed: false });
  const issue = (expiresInSeconds: number): Creds => {
    const creds = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
    };
    // Credentials as the identity pool issues them to a signed-in admin.
    backend.identityService.store.saveCredentials({
      access_key_id: creds.accessKeyId,
      secret: creds.secretAccessKey,
      session_token: creds.sessionToken,
      expiration: Math.floor(Date.now() / 1000) + expiresInSeconds,
      identity_id: `us-east-1:${randomBytes(8).toString('hex')}`,
      sub: 'hostile-signatures-admin',
      username: null,
      groups: JSON.stringify(['ADMINS']),
    });
    return creds;
  };
  good = issue(3600);
  expired = issue(-60);
});
after(async () => {
  await backend?.stop();
});

/**
 * What each service answers. A good signature gets past the signature check: S3 finds no such
 * key, AppSync runs the query, and the Cognito admin API refuses the identity-pool role the action.
 */
const ACCEPTED: Record<Service, Answer> = {
  s3: { status: 404, code: 'NoSuchKey' },
  appsync: { status: 200, code: '' },
  'cognito-idp': { status: 400, code: 'AccessDeniedException' },
};
const MISMATCH: Record<Service, Answer> = {
  s3: { status: 403, code: 'SignatureDoesNotMatch' },
  appsync: { status: 403, code: 'InvalidSignatureException' },
  'cognito-idp': { status: 400, code: 'InvalidSignatureException' },
};
const MALFORMED: Record<Service, Answer> = {
  s3: { status: 400, code: 'AuthorizationHeaderMalformed' },
  appsync: { status: 403, code: 'IncompleteSignatureException' },
  'cognito-idp': { status: 400, code: 'IncompleteSignatureException' },
};
const UNRECOGNIZED: Record<Service, Answer> = {
  s3: { status: 403, code: 'InvalidAccessKeyId' },
  appsync: { status: 403, code: 'UnrecognizedClientException' },
  'cognito-idp': { status: 400, code: 'UnrecognizedClientException' },
};
const MINUTE = 60_000;

const CASES: { name: string; hostility: () => Hostility; expect: Record<Service, Answer> }[] = [
  { name: 'a good signature', hostility: () => ({}), expect: ACCEPTED },
  {
    name: 'a signature with one digit changed',
    hostility: () => ({
      rewrite: (h) => {
        h['authorization'] = h['authorization']!.replace(/Signature=(.)/, (_, c: string) =>
          c === '0' ? 'Signature=1' : 'Signature=0',
        );
      },
    }),
    expect: MISMATCH,
  },
  { name: 'the wrong secret key', hostility: () => ({ creds: { secretAccessKey: 'guessed' } }), expect: MISMATCH },
  {
    name: 'an access key never issued',
    hostility: () => ({ creds: { accessKeyId: 'ASIANEVERISSUED0000' } }),
    expect: UNRECOGNIZED,
  },
  {
    name: 'another session token',
    hostility: () => ({ creds: { sessionToken: 'not-the-token' } }),
    expect: {
      s3: { status: 400, code: 'InvalidToken' },
      appsync: { status: 403, code: 'UnrecognizedClientException' },
      'cognito-idp': { status: 400, code: 'UnrecognizedClientException' },
    },
  },
  {
    name: 'expired credentials',
    hostility: () => ({ creds: expired }),
    expect: {
      s3: { status: 400, code: 'ExpiredToken' },
      appsync: { status: 403, code: 'ExpiredTokenException' },
      'cognito-idp': { status: 400, code: 'ExpiredTokenException' },
    },
  },
  {
    name: 'signed an hour ago',
    hostility: () => ({ signingDate: new Date(Date.now() - 60 * MINUTE) }),
    expect: {
      s3: { status: 403, code: 'RequestTimeTooSkewed' },
      appsync: { status: 403, code: 'InvalidSignatureException' },
      'cognito-idp': { status: 400, code: 'InvalidSignatureException' },
    },
  },
  {
    name: 'signed 10 minutes ago (inside S3’s 15-minute window, outside the 5 of the others)',
    hostility: () => ({ signingDate: new Date(Date.now() - 10 * MINUTE) }),
    expect: {
      s3: ACCEPTED.s3,
      appsync: { status: 403, code: 'InvalidSignatureException' },
      'cognito-idp': { status: 400, code: 'InvalidSignatureException' },
    },
  },
  { name: 'a credential scope for another service', hostility: () => ({ scopeService: 'sts' }), expect: MALFORMED },
  {
    name: 'a credential scope not ending in aws4_request',
    hostility: () => ({
      rewrite: (h) => {
        h['authorization'] = h['authorization']!.replace('/aws4_request', '/aws5_request');
      },
    }),
    expect: MALFORMED,
  },
  {
    name: 'a signature that is not 64 hex digits',
    hostility: () => ({
      rewrite: (h) => {
        h['authorization'] = h['authorization']!.replace(/Signature=([0-9a-f]{64})/, 'Signature=$1ab');
      },
    }),
    expect: MALFORMED,
  },
  { name: 'SignedHeaders without host', hostility: () => ({ unsignedHost: true }), expect: MALFORMED },
  {
    name: 'no X-Amz-Date header',
    hostility: () => ({
      rewrite: (h) => {
        delete h['x-amz-date'];
      },
    }),
    expect: {
      s3: MALFORMED.s3,
      // The signature names it among its SignedHeaders, and it is not in the request.
      appsync: MALFORMED.appsync,
      'cognito-idp': MALFORMED['cognito-idp'],
    },
  },
  {
    name: 'a signed header left out of the request',
    hostility: () => ({ signedThenDropped: 'x-signed-extra' }),
    expect: {
      // S3 signs an absent header as empty: the signatures differ.
      s3: MISMATCH.s3,
      appsync: MALFORMED.appsync,
      'cognito-idp': MALFORMED['cognito-idp'],
    },
  },
  {
    name: 'SignedHeaders edited after signing',
    hostility: () => ({
      rewrite: (h) => {
        h['authorization'] = h['authorization']!.replace(/SignedHeaders=([^,]*)/, (_, list: string) =>
          `SignedHeaders=${list
            .split(';')
            .filter((n) => n !== 'x-amz-date')
            .join(';')}`.replace(/;$/, ''),
        );
      },
    }),
    expect: MISMATCH,
  },
  {
    name: 'a body other than the one whose hash was signed',
    hostility: () => ({ otherBody: true }),
    expect: {
      s3: { status: 400, code: 'XAmzContentSHA256Mismatch' },
      appsync: { status: 403, code: 'InvalidSignatureException' },
      'cognito-idp': { status: 400, code: 'InvalidSignatureException' },
    },
  },
  {
    name: 'no signature at all',
    hostility: () => ({ noAuthorization: true }),
    expect: {
      s3: { status: 403, code: 'AccessDenied' },
      // AppSync then looks for another authorization mode, and finds none.
      appsync: { status: 401, code: 'UnauthorizedException' },
      'cognito-idp': { status: 400, code: 'MissingAuthenticationTokenException' },
    },
  },
];

for (const service of ['s3', 'appsync', 'cognito-idp'] as const) {
  describe(`SigV4 at ${service}`, () => {
    for (const c of CASES) {
      test(c.name, { timeout: 10_000 }, async () => {
        assert.deepEqual(await send(service, c.hostility()), c.expect[service]);
      });
    }
  });
}

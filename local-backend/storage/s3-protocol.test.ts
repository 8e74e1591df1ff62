import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import { authGroups } from '../identity/definitions.ts';
import { assumedRole } from '../identity/identity-pool.ts';
import { createLogger } from '../log.ts';
import { testBackendOptions } from '../testing/backend-options.ts';
import { demoPlan } from '../seed/demo-plan.ts';
import { crc32Base64 } from './checksums.ts';
import { BUCKET, createStorageService, type StorageService } from './index.ts';
import { errorCode, presignGet, s3Request, send, type Creds, type RawResponse } from './testing.ts';

// The S3 protocol and the access rules, against the storage service alone on a free port, with a
// fake identity part that hands out credentials for each kind of caller.

const HOUR = 3600_000;
const credentials = new Map<string, IssuedCredentials>();
function issue(name: string, groups: string[], opts: { authenticated?: boolean; expiresInMs?: number } = {}) {
  const c: IssuedCredentials = {
    accessKeyId: `ASIA${name.toUpperCase()}0000`,
    secretAccessKey: `secret-${name}`,
    sessionToken: `token-${name}`,
    expiration: new Date(Date.now() + (opts.expiresInMs ?? HOUR)),
    identityId: `us-east-1:${name}`,
    authenticated: opts.authenticated ?? true,
    groups,
    role: assumedRole(opts.authenticated ?? true, groups, authGroups()),
  };
  credentials.set(c.accessKeyId, c);
  return c;
}
const admin = issue('admin', ['ADMINS']);
const operator = issue('operator', ['OPERATORS']);
const viewer = issue('viewer', ['VIEWERS']);
const nobody = issue('nogroup', []);
const guest = issue('guest', [], { authenticated: false });

const identity: IdentityApi = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_local',
  userPoolClientId: 'client',
  identityPoolId: 'us-east-1:pool',
  verifyToken: () => Promise.reject(new Error('not used')),
  credentialsFor: (id) => credentials.get(id),
};

let dataDir: string;
let storage: StorageService;
let server: Server;
let base: string;

async function start(): Promise<void> {
  const options = testBackendOptions(dataDir);
  storage = await createStorageService(
    { options, log: createLogger('error'), baseUrl: 'http://localhost:20005' },
    identity,
  );
  server = createServer((req, res) => {
    void storage.service.handle(req, res, new URL(req.url ?? '/', 'http://local')).catch((err: Error) => {
      res.writeHead(500).end(err.stack);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(): Promise<void> {
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections();
  await closed;
  await storage.service.close?.();
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'storage-protocol-'));
  await start();
});
after(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const s3 = (creds: Creds, method: string, key: string, opts?: Parameters<typeof s3Request>[4]) =>
  s3Request(base, creds, method, key, opts);
const put = (creds: Creds, key: string, body: string | Buffer = 'x', headers: Record<string, string> = {}) =>
  s3(creds, 'PUT', key, { body, headers });
const listKeys = async (creds: Creds, query: Record<string, string>) => {
  const res = await s3(creds, 'GET', '', { query: { 'list-type': '2', ...query } });
  assert.equal(res.status, 200, res.text);
  return {
    keys: [...res.text.matchAll(/<Contents><Key>([^<]*)<\/Key>/g)].map((m) => m[1]!),
    prefixes: [...res.text.matchAll(/<CommonPrefixes><Prefix>([^<]*)<\/Prefix>/g)].map((m) => m[1]!),
    token: /<NextContinuationToken>([^<]*)</.exec(res.text)?.[1],
    truncated: /<IsTruncated>true</.test(res.text),
  };
};
function assertError(res: RawResponse, status: number, code: string, message?: RegExp) {
  assert.equal(res.status, status, res.text);
  assert.equal(errorCode(res), code, res.text);
  if (message) assert.match(res.text, message);
}

describe('access rules from amplify/storage/resource.ts, per group and action (docs/architecture.md, the role table)', () => {
  // ADMINS and OPERATORS: read, write, delete on images/*; VIEWERS: read; anyone else: nothing.
  const cases: [string, Creds, { write: boolean; read: boolean; delete: boolean }][] = [
    ['ADMINS', admin, { read: true, write: true, delete: true }],
    ['OPERATORS', operator, { read: true, write: true, delete: true }],
    ['VIEWERS', viewer, { read: true, write: false, delete: false }],
    ['signed in, no group', nobody, { read: false, write: false, delete: false }],
    ['guest', guest, { read: false, write: false, delete: false }],
  ];

  before(async () => {
    assert.equal((await put(admin, 'images/rules/existing.txt', 'here')).status, 200);
  });

  for (const [who, creds, may] of cases) {
    test(`${who}: read ${may.read}, write ${may.write}, delete ${may.delete}`, async () => {
      const key = `images/rules/${who.replace(/\W/g, '')}.txt`;
      const expect = (res: RawResponse, allowed: boolean, ok: number) =>
        allowed ? assert.equal(res.status, ok, res.text) : assertError(res, 403, 'AccessDenied');

      expect(await put(creds, key, 'mine'), may.write, 200);
      const created = await s3(creds, 'POST', key, { query: { uploads: '' } });
      expect(created, may.write, 200);
      const uploadId = /<UploadId>([^<]+)</.exec(created.text)?.[1];
      if (uploadId) assert.equal((await s3(creds, 'DELETE', key, { query: { uploadId } })).status, 204);
      expect(await s3(creds, 'GET', 'images/rules/existing.txt'), may.read, 200);
      expect(await s3(creds, 'HEAD', 'images/rules/existing.txt'), may.read, 200);
      expect(await s3(creds, 'GET', '', { query: { 'list-type': '2', prefix: 'images/' } }), may.read, 200);
      expect(await s3(creds, 'GET', '', { query: { 'list-type': '2', prefix: 'images/rules/' } }), may.read, 200);
      const target = may.write ? key : 'images/rules/existing.txt';
      expect(await s3(creds, 'DELETE', target), may.delete, 204);
      if (!may.delete) assert.equal((await s3(admin, 'HEAD', 'images/rules/existing.txt')).status, 200);
      const copy = await s3(creds, 'PUT', 'images/rules/copy.txt', {
        headers: { 'x-amz-copy-source': `${BUCKET}/images/rules/existing.txt` },
      });
      expect(copy, may.read && may.write, 200);
    });
  }

  test('nothing outside the rules’ prefixes, not even for admins', async () => {
    assertError(await put(admin, 'private/x.txt'), 403, 'AccessDenied');
    assertError(await put(admin, 'imagesX/x.txt'), 403, 'AccessDenied');
    for (const prefix of ['', 'images', 'private/']) {
      assertError(await s3(admin, 'GET', '', { query: { 'list-type': '2', prefix } }), 403, 'AccessDenied');
    }
    assertError(await s3(admin, 'GET', '', { query: { 'list-type': '2' } }), 403, 'AccessDenied');
    assert.equal((await s3(admin, 'HEAD', '')).status, 403);
    const copyOut = await s3(admin, 'PUT', 'private/copy.txt', {
      headers: { 'x-amz-copy-source': `${BUCKET}/images/rules/existing.txt` },
    });
    assertError(copyOut, 403, 'AccessDenied');
  });

  test('DeleteObjects checks every key: denied ones come back as per-key errors', async () => {
    await put(admin, 'images/bulk/1.txt');
    await put(admin, 'images/bulk/2.txt');
    const body =
      '<Delete><Object><Key>images/bulk/1.txt</Key></Object><Object><Key>private/x.txt</Key></Object>' +
      '<Object><Key>images/bulk/2.txt</Key></Object></Delete>';
    const denied = await s3(viewer, 'POST', '', { query: { delete: '' }, body });
    assert.equal(denied.status, 200);
    assert.equal([...denied.text.matchAll(/<Code>AccessDenied<\/Code>/g)].length, 3);
    const res = await s3(operator, 'POST', '', { query: { delete: '' }, body });
    assert.equal(res.status, 200);
    assert.match(res.text, /<Deleted><Key>images\/bulk\/1.txt<\/Key><\/Deleted>/);
    assert.match(res.text, /<Error><Key>private\/x.txt<\/Key><Code>AccessDenied<\/Code>/);
    assert.equal((await s3(admin, 'HEAD', 'images/bulk/2.txt')).status, 404);
    const tooMany = `<Delete>${'<Object><Key>images/bulk/k</Key></Object>'.repeat(1001)}</Delete>`;
    assertError(await s3(admin, 'POST', '', { query: { delete: '' }, body: tooMany }), 400, 'MalformedXML');
  });
});

describe('SigV4 (S3 only: replays and presigned URLs; the hostile cases every service shares are in sigv4/hostile-signatures.test.ts)', () => {
  test('a request signed for one key cannot be replayed for another, nor with another body', async () => {
    const url = new URL(base);
    const signedFor = await s3(admin, 'PUT', 'images/a.txt', { body: 'a', signPayload: true, sendBody: 'b' });
    assertError(signedFor, 400, 'XAmzContentSHA256Mismatch');
    assert.equal((await s3(admin, 'HEAD', 'images/a.txt')).status, 404, 'nothing stored');
    // Same headers, other path: the canonical request differs.
    const presigned = new URL(await presignGet(base, admin, 'images/rules/existing.txt', { expiresIn: 60 }));
    const replay = await send(url, 'GET', `/${BUCKET}/images/rules/other.txt${presigned.search}`, {});
    assertError(replay, 403, 'SignatureDoesNotMatch');
  });

  test('presigned URLs work until they expire', async () => {
    const url = await presignGet(base, viewer, 'images/rules/existing.txt', { expiresIn: 60 });
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'here');
    const old = await presignGet(base, viewer, 'images/rules/existing.txt', {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const res = await fetch(old);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    const guestUrl = await presignGet(base, guest, 'images/rules/existing.txt', { expiresIn: 60 });
    assert.equal((await fetch(guestUrl)).status, 403);
  });
});

describe('objects', () => {
  test('PutObject keeps Content-Type, user metadata and content headers; GetObject and HeadObject return them', async () => {
    const res = await put(operator, 'images/meta/a.png', 'pixels', {
      'content-type': 'image/png',
      'x-amz-meta-label': 'Blue in Green',
      'content-disposition': 'inline; filename="a.png"',
      'cache-control': 'max-age=60',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['etag'], `"${createHash('md5').update('pixels').digest('hex')}"`);
    for (const method of ['GET', 'HEAD']) {
      const got = await s3(viewer, method, 'images/meta/a.png');
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], 'image/png');
      assert.equal(got.headers['x-amz-meta-label'], 'Blue in Green');
      assert.equal(got.headers['content-disposition'], 'inline; filename="a.png"');
      assert.equal(got.headers['cache-control'], 'max-age=60');
      assert.equal(got.headers['content-length'], '6');
      assert.equal(got.text, method === 'GET' ? 'pixels' : '');
    }
    const overridden = await s3(viewer, 'GET', 'images/meta/a.png', {
      query: { 'response-content-disposition': 'attachment' },
    });
    assert.equal(overridden.headers['content-disposition'], 'attachment');
  });

  test('GetObject with Range, conditional GET, and missing keys', async () => {
    await put(admin, 'images/range.txt', '0123456789');
    const part = await s3(viewer, 'GET', 'images/range.txt', { headers: { range: 'bytes=2-5' } });
    assert.equal(part.status, 206);
    assert.equal(part.text, '2345');
    assert.equal(part.headers['content-range'], 'bytes 2-5/10');
    assert.equal((await s3(viewer, 'GET', 'images/range.txt', { headers: { range: 'bytes=-3' } })).text, '789');
    assert.equal((await s3(viewer, 'GET', 'images/range.txt', { headers: { range: 'bytes=7-' } })).text, '789');
    assertError(
      await s3(viewer, 'GET', 'images/range.txt', { headers: { range: 'bytes=20-30' } }),
      416,
      'InvalidRange',
    );
    const etag = String((await s3(viewer, 'HEAD', 'images/range.txt')).headers['etag']);
    assert.equal((await s3(viewer, 'GET', 'images/range.txt', { headers: { 'if-none-match': etag } })).status, 304);
    assertError(
      await s3(viewer, 'GET', 'images/range.txt', { headers: { 'if-match': '"nope"' } }),
      412,
      'PreconditionFailed',
    );
    assertError(await s3(viewer, 'GET', 'images/none.txt'), 404, 'NoSuchKey');
    assert.equal((await s3(viewer, 'HEAD', 'images/none.txt')).status, 404);
  });

  test('If-None-Match: * never overwrites', async () => {
    assert.equal((await put(admin, 'images/once.txt', 'first', { 'if-none-match': '*' })).status, 200);
    assertError(await put(admin, 'images/once.txt', 'second', { 'if-none-match': '*' }), 412, 'PreconditionFailed');
    assert.equal((await s3(admin, 'GET', 'images/once.txt')).text, 'first');
  });

  test('checksums the client sends are verified: CRC32, SHA-256, Content-MD5', async () => {
    const body = Buffer.from('checked body');
    const crc = crc32Base64(crc32(body));
    const ok = await put(admin, 'images/crc.txt', body, { 'x-amz-checksum-crc32': crc });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['x-amz-checksum-crc32'], crc);
    const head = await s3(admin, 'HEAD', 'images/crc.txt', { headers: { 'x-amz-checksum-mode': 'ENABLED' } });
    assert.equal(head.headers['x-amz-checksum-crc32'], crc);
    assertError(await put(admin, 'images/bad-crc.txt', body, { 'x-amz-checksum-crc32': 'AAAAAA==' }), 400, 'BadDigest');
    const sha = createHash('sha256').update(body).digest('base64');
    assert.equal((await put(admin, 'images/sha.txt', body, { 'x-amz-checksum-sha256': sha })).status, 200);
    const md5 = createHash('md5').update('other').digest('base64');
    assertError(await put(admin, 'images/bad-md5.txt', body, { 'content-md5': md5 }), 400, 'BadDigest');
    for (const key of ['images/bad-crc.txt', 'images/bad-md5.txt']) {
      assert.equal((await s3(admin, 'HEAD', key)).status, 404, 'a refused body is never stored');
    }
  });

  test('CopyObject copies body and metadata, or replaces the metadata', async () => {
    await put(admin, 'images/src.txt', 'source', { 'content-type': 'text/plain', 'x-amz-meta-a': '1' });
    const copied = await s3(operator, 'PUT', 'images/dst.txt', {
      headers: { 'x-amz-copy-source': `/${BUCKET}/images/src.txt` },
    });
    assert.equal(copied.status, 200);
    assert.match(copied.text, /<CopyObjectResult[^>]*><LastModified>[^<]+<\/LastModified><ETag>"[0-9a-f]{32}"<\/ETag>/);
    const dst = await s3(viewer, 'GET', 'images/dst.txt');
    assert.equal(dst.text, 'source');
    assert.equal(dst.headers['x-amz-meta-a'], '1');
    await s3(operator, 'PUT', 'images/dst2.txt', {
      headers: {
        'x-amz-copy-source': `${BUCKET}/images/src.txt`,
        'x-amz-metadata-directive': 'REPLACE',
        'content-type': 'text/csv',
        'x-amz-meta-b': '2',
      },
    });
    const dst2 = await s3(viewer, 'HEAD', 'images/dst2.txt');
    assert.equal(dst2.headers['content-type'], 'text/csv');
    assert.equal(dst2.headers['x-amz-meta-b'], '2');
    assert.equal(dst2.headers['x-amz-meta-a'], undefined);
    const missing = await s3(operator, 'PUT', 'images/dst3.txt', {
      headers: { 'x-amz-copy-source': `${BUCKET}/images/missing.txt` },
    });
    assertError(missing, 404, 'NoSuchKey');
  });

  test('keys cannot escape the data directory: odd keys are refused or stored under opaque names', async () => {
    for (const raw of ['images/..%2F..%2Fx', 'images/a%00b', '%2Fimages/abs', 'images/a%5C..%5Cb', 'images/%E0%A4%A']) {
      assertError(await s3(admin, 'PUT', '', { rawPath: `/${BUCKET}/${raw}`, body: 'evil' }), 400, 'InvalidArgument');
    }
    assertError(
      await s3(admin, 'PUT', '', { rawPath: `/elsewhere/../${BUCKET}/images/x`, body: 'evil' }),
      400,
      'InvalidURI',
    );
    const odd = [
      'images/ünï cødé/ファイル.png',
      'images/a+b&c=d?.txt',
      'images/%2e%2e-not-dots',
      "images/it's (1).txt",
    ];
    for (const key of odd) assert.equal((await put(admin, key, key)).status, 200, key);
    for (const key of odd) assert.equal((await s3(viewer, 'GET', key)).text, key);
    const files = readdirSync(join(dataDir, 's3', 'objects'));
    assert.ok(files.length > 0 && files.every((f) => /^[0-9a-f-]{36}$/.test(f)), 'bodies have opaque names only');
  });
});

describe('ListObjectsV2', () => {
  before(async () => {
    for (const k of ['a/1', 'a/2', 'b/1', 'b/c/1', 'c', 'd e/1', 'é/1']) await put(admin, `images/list/${k}`);
  });

  test('prefix, delimiter, start-after, max-keys and continuation', async () => {
    const all = await listKeys(viewer, { prefix: 'images/list/' });
    assert.deepEqual(
      all.keys,
      ['a/1', 'a/2', 'b/1', 'b/c/1', 'c', 'd e/1', 'é/1'].map((k) => `images/list/${k}`),
    );
    const tree = await listKeys(viewer, { prefix: 'images/list/', delimiter: '/' });
    assert.deepEqual(tree.keys, ['images/list/c']);
    assert.deepEqual(
      tree.prefixes,
      ['a/', 'b/', 'd e/', 'é/'].map((p) => `images/list/${p}`),
    );
    const after = await listKeys(viewer, { prefix: 'images/list/', 'start-after': 'images/list/b/1' });
    assert.equal(after.keys[0], 'images/list/b/c/1');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await listKeys(viewer, {
        prefix: 'images/list/',
        delimiter: '/',
        'max-keys': '2',
        ...(token ? { 'continuation-token': token } : {}),
      });
      seen.push(...page.prefixes, ...page.keys);
      assert.equal(page.truncated, !!page.token);
      token = page.token;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen.sort(), [...tree.keys, ...tree.prefixes].sort());
  });

  test('encoding-type=url encodes keys as aws-amplify expects', async () => {
    const res = await s3(viewer, 'GET', '', {
      query: { 'list-type': '2', prefix: 'images/list/d e/', 'encoding-type': 'url' },
    });
    assert.match(res.text, /<Key>images\/list\/d%20e\/1<\/Key>/);
    assert.match(res.text, /<EncodingType>url<\/EncodingType>/);
  });
});

describe('multipart upload', () => {
  const MiB = 1024 * 1024;
  const key = 'images/mp/big.bin';
  const create = async (creds: Creds = admin) => {
    const res = await s3(creds, 'POST', key, {
      query: { uploads: '' },
      headers: { 'content-type': 'application/x-test' },
    });
    assert.equal(res.status, 200, res.text);
    return /<UploadId>([^<]+)</.exec(res.text)![1]!;
  };
  const part = async (uploadId: string, n: number, body: Buffer) => {
    const res = await s3(admin, 'PUT', key, { query: { partNumber: String(n), uploadId }, body });
    assert.equal(res.status, 200, res.text);
    return String(res.headers['etag']);
  };
  const complete = (uploadId: string, parts: [number, string][], headers: Record<string, string> = {}) =>
    s3(admin, 'POST', key, {
      query: { uploadId },
      headers,
      body: `<CompleteMultipartUpload>${parts
        .map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`)
        .join('')}</CompleteMultipartUpload>`,
    });

  test('parts join into one object with an ETag of the parts’ MD5s and their count', async () => {
    const p1 = Buffer.alloc(5 * MiB, 1);
    const p2 = Buffer.alloc(1000, 2);
    const uploadId = await create();
    const e1 = await part(uploadId, 1, p1);
    const e2 = await part(uploadId, 2, p2);
    const byViewer = await s3(viewer, 'PUT', key, { query: { partNumber: '2', uploadId }, body: p2 });
    assertError(byViewer, 403, 'AccessDenied');
    const listed = await s3(admin, 'GET', key, { query: { uploadId } });
    assert.equal([...listed.text.matchAll(/<Part>/g)].length, 2);
    assert.equal(uploadDirs(), 1);
    const whole = Buffer.concat([p1, p2]);
    const res = await complete(
      uploadId,
      [
        [1, e1],
        [2, e2],
      ],
      { 'x-amz-checksum-crc32': crc32Base64(crc32(whole)) },
    );
    assert.equal(res.status, 200, res.text);
    const md5s = createHash('md5')
      .update(Buffer.concat([p1, p2].map((p) => createHash('md5').update(p).digest())))
      .digest('hex');
    assert.match(res.text, new RegExp(`<ETag>"${md5s}-2"</ETag>`));
    const got = await s3(viewer, 'GET', key);
    assert.equal(got.headers['content-type'], 'application/x-test');
    assert.ok(got.body.equals(whole));
    assert.equal(uploadDirs(), 0, 'parts are gone once complete');
    assertError(await s3(admin, 'GET', key, { query: { uploadId } }), 404, 'NoSuchUpload');
  });

  test('every part but the last must be at least 5 MiB; parts must match and be in order', async () => {
    const uploadId = await create();
    const e1 = await part(uploadId, 1, Buffer.alloc(1000, 1));
    const e2 = await part(uploadId, 2, Buffer.alloc(1000, 2));
    assertError(
      await complete(uploadId, [
        [1, e1],
        [2, e2],
      ]),
      400,
      'EntityTooSmall',
    );
    assertError(
      await complete(uploadId, [
        [2, e2],
        [1, e1],
      ]),
      400,
      'InvalidPartOrder',
    );
    assertError(await complete(uploadId, [[1, '"0000"']]), 400, 'InvalidPart');
    assertError(await complete(uploadId, [[2, e2]], { 'x-amz-checksum-crc32': 'AAAAAA==' }), 400, 'BadDigest');
    assert.equal((await complete(uploadId, [[2, e2]])).status, 200, 'a single small part is the last part');
  });

  test('abort removes the parts; so does the timeout for forgotten uploads', async () => {
    const uploadId = await create();
    await part(uploadId, 1, Buffer.alloc(100));
    assert.equal(uploadDirs(), 1);
    assert.equal((await s3(operator, 'DELETE', key, { query: { uploadId } })).status, 204);
    assert.equal(uploadDirs(), 0);
    assertError(await s3(admin, 'PUT', key, { query: { partNumber: '1', uploadId }, body: 'x' }), 404, 'NoSuchUpload');

    const forgotten = await create();
    await part(forgotten, 1, Buffer.alloc(100));
    assert.equal(storage.store.expireUploads(HOUR), 0, 'young uploads stay');
    assert.equal(storage.store.expireUploads(HOUR, Date.now() + 2 * HOUR), 1);
    assert.equal(uploadDirs(), 0);
    assertError(await s3(admin, 'GET', key, { query: { uploadId: forgotten } }), 404, 'NoSuchUpload');
  });

  function uploadDirs(): number {
    return readdirSync(join(dataDir, 's3', 'multipart')).length;
  }
});

describe('durability', () => {
  test('a restart keeps objects and drops what a crash left half-written', async () => {
    await put(admin, 'images/durable.txt', 'still here');
    await stop();
    // What a crash mid-upload leaves behind: a temporary body, a body no row points at, stray parts.
    writeFileSync(join(dataDir, 's3', 'tmp', 'half-written'), 'partial');
    writeFileSync(join(dataDir, 's3', 'objects', 'no-row'), 'renamed, never committed');
    mkdirSync(join(dataDir, 's3', 'multipart', 'unknown-upload'));
    await start();
    assert.equal((await s3(viewer, 'GET', 'images/durable.txt')).text, 'still here');
    assert.deepEqual(readdirSync(join(dataDir, 's3', 'tmp')), []);
    assert.ok(!readdirSync(join(dataDir, 's3', 'objects')).includes('no-row'));
    assert.ok(!readdirSync(join(dataDir, 's3', 'multipart')).includes('unknown-upload'));
  });

  test('a client that disconnects mid-upload leaves no object and no temporary file', async () => {
    const url = new URL(base);
    const { request } = await import('node:http');
    const signed = await s3Signed(admin, 'PUT', 'images/cut.bin', 1024 * 1024);
    await new Promise<void>((resolve) => {
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path: signed.path,
        headers: signed.headers,
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(64 * 1024));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await s3(admin, 'HEAD', 'images/cut.bin')).status, 404);
    assert.deepEqual(readdirSync(join(dataDir, 's3', 'tmp')), []);
  });
});

describe('demo seed', () => {
  test('uploads a generated PNG for every planned file, backdated two days, once', async () => {
    const plan = demoPlan();
    await storage.seed(plan);
    const listed = await listKeys(viewer, { prefix: 'images/' });
    for (const file of plan.files) assert.ok(listed.keys.includes(file.key), file.key);
    const orphan = await s3(viewer, 'GET', plan.orphans[0]!);
    assert.equal(orphan.headers['content-type'], 'image/png');
    assert.deepEqual([...orphan.body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const age = Date.now() - Date.parse(String(orphan.headers['last-modified']));
    assert.ok(age > 47 * HOUR && age < 49 * HOUR, `backdated: ${age} ms`);
    for (const key of plan.dangling) assert.equal((await s3(viewer, 'HEAD', key)).status, 404);
    // A second seed changes nothing: deleted demo files stay deleted.
    assert.equal((await s3(admin, 'DELETE', plan.orphans[0]!)).status, 204);
    await storage.seed(plan);
    assert.equal((await s3(viewer, 'HEAD', plan.orphans[0]!)).status, 404);
  });
});

describe('outputs', () => {
  test('amplify_outputs.json storage section as ampx writes it, plus the local endpoint', () => {
    const outputs = storage.service.outputs!() as {
      storage: { bucket_name: string; buckets: { name: string; paths: Record<string, Record<string, string[]>> }[] };
      custom: { s3LocalEndpoint: string };
    };
    assert.equal(outputs.storage.bucket_name, BUCKET);
    assert.equal(outputs.storage.buckets[0]!.name, 'attachmentConsoleFiles');
    assert.deepEqual(outputs.storage.buckets[0]!.paths, {
      'images/*': {
        groupsADMINS: ['get', 'list', 'write', 'delete'],
        groupsOPERATORS: ['get', 'list', 'write', 'delete'],
        groupsVIEWERS: ['get', 'list'],
      },
      'reports/*': {
        groupsADMINS: ['get', 'list'],
        groupsOPERATORS: ['get', 'list'],
        groupsVIEWERS: ['get', 'list'],
      },
    });
    assert.equal(outputs.custom.s3LocalEndpoint, 'http://localhost:20005');
  });
});

/** Headers for a PUT whose body will be cut short: signed with UNSIGNED-PAYLOAD and a declared length. */
async function s3Signed(creds: Creds, method: string, key: string, length: number) {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Sha256 } = await import('@aws-crypto/sha256-js');
  const url = new URL(base);
  const path = `/${BUCKET}/${key}`;
  const signed = await new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials: creds,
    sha256: Sha256,
    uriEscapePath: false,
  }).sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    path,
    headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(length) },
  });
  return { path, headers: signed.headers as Record<string, string> };
}

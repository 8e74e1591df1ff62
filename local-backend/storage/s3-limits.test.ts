import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUCKET } from './index.ts';
import { fakeIdentity, s3Request, startStorage, type RawResponse } from './testing.ts';

// S3's size limits as S3 answers them: a key over 1,024 bytes, a body declared over 5 GiB.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
const GiB = 1024 ** 3;

let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
let s3: S3Client;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'storage-limits-'));
  running = await startStorage(dataDir, identity);
  s3 = new S3Client({ endpoint: running.base, forcePathStyle: true, region: 'us-east-1', credentials: admin });
});
after(async () => {
  s3.destroy();
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The text of one element of an S3 XML error. */
const field = (res: RawResponse, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(res.text)?.[1];

describe('key length', () => {
  test('a 1,025-byte key is KeyTooLongError with its size and the limit; 1,024 bytes is stored', async () => {
    const tooLong = `images/${'k'.repeat(1025 - 'images/'.length)}`;
    await assert.rejects(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: tooLong, Body: 'x' })),
      (err: S3ServiceException) => {
        assert.equal(err.name, 'KeyTooLongError');
        assert.equal(err.message, 'Your key is too long');
        assert.equal(err.$metadata.httpStatusCode, 400);
        return true;
      },
    );
    const raw = await s3Request(running.base, admin, 'PUT', tooLong, { body: 'x' });
    assert.equal(raw.status, 400);
    assert.equal(field(raw, 'Code'), 'KeyTooLongError');
    assert.equal(field(raw, 'Size'), '1025');
    assert.equal(field(raw, 'MaxSizeAllowed'), '1024');

    const longest = tooLong.slice(0, -1);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: longest, Body: 'x' }));
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: longest }))).ContentLength, 1);
  });

  test('the limit counts UTF-8 bytes, not characters', async () => {
    // 342 three-byte characters: 1,026 bytes in 342 characters.
    const raw = await s3Request(running.base, admin, 'GET', `images/${'€'.repeat(340)}`);
    assert.equal(field(raw, 'Code'), 'KeyTooLongError');
    assert.equal(field(raw, 'Size'), String('images/'.length + 3 * 340));
  });
});

describe('object size', { timeout: 20_000 }, () => {
  /** Sends the headers of a PUT declaring `headers` and only 64 KiB of body, then waits for the answer. */
  async function declare(
    key: string,
    headers: Record<string, string>,
    query: Record<string, string> = {},
  ): Promise<RawResponse> {
    const url = new URL(running.base);
    const path = `/${BUCKET}/${key}`;
    const search = new URLSearchParams(query).toString();
    const signed = await new SignatureV4({
      service: 's3',
      region: 'us-east-1',
      credentials: admin,
      sha256: Sha256,
      uriEscapePath: false,
    }).sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      path,
      query,
      headers: { host: url.host, ...headers },
    });
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'PUT',
          path: search ? `${path}?${search}` : path,
          headers: signed.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      // The rest of the declared body never comes: only an answer given at once ends this.
      req.write(Buffer.alloc(64 * 1024));
    });
  }

  test('a Content-Length over 5 GiB is EntityTooLarge at once, with the proposed size and the limit', async () => {
    const proposed = 6 * GiB;
    const res = await declare('images/huge.bin', {
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      'content-length': String(proposed),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers['connection'], 'close');
    assert.equal(field(res, 'Code'), 'EntityTooLarge');
    assert.equal(field(res, 'Message'), 'Your proposed upload exceeds the maximum allowed size');
    assert.equal(field(res, 'ProposedSize'), String(proposed));
    assert.equal(field(res, 'MaxSizeAllowed'), String(5 * GiB));
    assert.equal((await s3Request(running.base, admin, 'HEAD', 'images/huge.bin')).status, 404);
    assert.deepEqual(readdirSync(join(dataDir, 's3', 'tmp')), []);
  });

  test('an aws-chunked body whose decoded length is over 5 GiB is refused the same way', async () => {
    const res = await declare('images/huge-chunked.bin', {
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(5 * GiB + 1),
      'transfer-encoding': 'chunked',
    });
    assert.equal(field(res, 'Code'), 'EntityTooLarge');
    assert.equal(field(res, 'ProposedSize'), String(5 * GiB + 1));
  });

  test('so is a part of a multipart upload declared over 5 GiB', async () => {
    const created = await s3Request(running.base, admin, 'POST', 'images/parts.bin', { query: { uploads: '' } });
    const uploadId = field(created, 'UploadId')!;
    const res = await declare(
      'images/parts.bin',
      { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(5 * GiB + 1) },
      { partNumber: '1', uploadId },
    );
    assert.equal(field(res, 'Code'), 'EntityTooLarge');
    const parts = await s3Request(running.base, admin, 'GET', 'images/parts.bin', { query: { uploadId } });
    assert.equal(parts.status, 200);
    assert.doesNotMatch(parts.text, /<Part>/);
  });
});

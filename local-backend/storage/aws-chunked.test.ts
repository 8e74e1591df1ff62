import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { chunkStringToSign, hmacHex } from './aws-chunked.ts';
import { crc32Base64 } from './checksums.ts';
import { BUCKET } from './index.ts';
import { signingKey } from '../sigv4/signers.ts';
import { encodeKey, errorCode, fakeIdentity, s3Request, send, startStorage, type RawResponse } from './testing.ts';

// aws-chunked bodies as the AWS CLI and the Java and Python SDKs send them, built here by hand:
// signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, with and without a signed trailer) and the
// unsigned trailer form, for PutObject and UploadPart, and what happens to bodies that lie.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);

let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'storage-chunked-'));
  running = await startStorage(dataDir, identity);
});
after(async () => {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();

interface ChunkedOptions {
  mode: 'signed' | 'signed-trailer' | 'unsigned-trailer';
  chunkSize?: number;
  /** Change the framed body after signing. */
  corrupt?: (body: Buffer) => Buffer;
  /** The trailing CRC32 to send instead of the right one. */
  trailerValue?: string;
  decodedLength?: number;
  query?: Record<string, string>;
  /** Leave this chunk (0-based) out of the body; the lengths sent are those of what is left. */
  omitChunk?: number;
}

const CONTENT_SHA256 = {
  signed: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'signed-trailer': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'unsigned-trailer': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
};

/** Sends `data` aws-chunked: the seed signature from @smithy/signature-v4, the chunk chain computed here. */
async function putChunked(key: string, data: Buffer, opts: ChunkedOptions): Promise<RawResponse> {
  const url = new URL(running.base);
  const chunkSize = opts.chunkSize ?? 64 * 1024;
  const signed = opts.mode !== 'unsigned-trailer';
  const trailer = opts.mode !== 'signed';
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  chunks.push(Buffer.alloc(0));
  const crc = opts.trailerValue ?? crc32Base64(crc32(data));

  // The framed length must be signed before the chunk signatures exist: they are all 64 hex digits.
  const frame = (chunk: Buffer, signature: string) =>
    Buffer.concat([
      Buffer.from(`${chunk.length.toString(16)}${signed ? `;chunk-signature=${signature}` : ''}\r\n`),
      chunk,
      chunk.length > 0 ? Buffer.from('\r\n') : Buffer.alloc(0),
    ]);
  const trailerText = `x-amz-checksum-crc32:${crc}`;
  const tail = (trailerSignature: string) =>
    Buffer.from(
      trailer ? `${trailerText}\r\n${signed ? `x-amz-trailer-signature:${trailerSignature}\r\n` : ''}\r\n` : '\r\n',
    );
  const placeholder = '0'.repeat(64);
  const sent = (i: number) => i !== opts.omitChunk;
  const length =
    chunks.reduce((n, c, i) => n + (sent(i) ? frame(c, placeholder).length : 0), 0) + tail(placeholder).length;
  const omitted = opts.omitChunk === undefined ? 0 : chunks[opts.omitChunk]!.length;

  const now = new Date();
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials: admin,
    sha256: Sha256,
    uriEscapePath: false,
  });
  const request = await signer.sign(
    {
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: `/${BUCKET}/${encodeKey(key)}`,
      query: opts.query ?? {},
      headers: {
        host: url.host,
        'content-encoding': 'aws-chunked',
        'content-length': String(length),
        'x-amz-content-sha256': CONTENT_SHA256[opts.mode],
        'x-amz-decoded-content-length': String(opts.decodedLength ?? data.length - omitted),
        ...(trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {}),
      },
    },
    { signingDate: now },
  );
  const headers = request.headers as Record<string, string>;
  const seed = /Signature=([0-9a-f]{64})/.exec(headers['authorization']!)![1]!;
  const amzDate = headers['x-amz-date']!;
  const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  let key4 = hmac(`AWS4${admin.secretAccessKey}`, amzDate.slice(0, 8));
  for (const part of ['us-east-1', 's3', 'aws4_request']) key4 = hmac(key4, part);

  let previous = seed;
  const parts = chunks.map((chunk) => {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, sha256Hex(''), sha256Hex(chunk)].join('\n');
    previous = hmac(key4, toSign).toString('hex');
    return frame(chunk, previous);
  });
  const trailerSignature = hmac(
    key4,
    ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, previous, sha256Hex(`${trailerText}\n`)].join('\n'),
  ).toString('hex');
  let body: Buffer = Buffer.concat([...parts.filter((_, i) => sent(i)), tail(trailerSignature)]);
  assert.equal(body.length, length);
  if (opts.corrupt) body = opts.corrupt(body);
  headers['content-length'] = String(body.length);
  const qs = new URLSearchParams(opts.query ?? {}).toString();
  return send(url, 'PUT', `/${BUCKET}/${encodeKey(key)}${qs ? '?' + qs : ''}`, headers, body);
}

const get = (key: string) => s3Request(running.base, admin, 'GET', key);
const stored = async (key: string) => {
  const res = await get(key);
  return res.status === 200 ? res.body : undefined;
};
const bodyFiles = () => readdirSync(join(dataDir, 's3', 'objects')).length;
function assertRefused(res: RawResponse, status: number, code: string) {
  assert.equal(res.status, status, res.text);
  assert.equal(errorCode(res), code, res.text);
}

describe('chunk signatures', () => {
  test('match the worked example in the S3 API reference (sigv4-streaming)', () => {
    // 65,536 + 1,024 bytes of 'a' in chunks of 64 KiB, signed 2013-05-24 with the documented example key.
    const seed = {
      signature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
      amzDate: '20130524T000000Z',
      scope: '20130524/us-east-1/s3/aws4_request',
      key: signingKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3'),
    };
    const sign = (previous: string, data: Buffer) =>
      hmacHex(seed.key, chunkStringToSign(seed, previous, sha256Hex(data)));
    const first = sign(seed.signature, Buffer.alloc(65536, 'a'));
    assert.equal(first, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    const second = sign(first, Buffer.alloc(1024, 'a'));
    assert.equal(second, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    assert.equal(sign(second, Buffer.alloc(0)), 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');
  });
});

describe('PutObject with aws-chunked bodies', () => {
  const data = randomBytes(200_000);

  for (const mode of ['signed', 'signed-trailer', 'unsigned-trailer'] as const) {
    test(`${CONTENT_SHA256[mode]}: stored as the decoded bytes`, async () => {
      const res = await putChunked(`images/chunked/${mode}.bin`, data, { mode });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['etag'], `"${createHash('md5').update(data).digest('hex')}"`);
      assert.ok((await stored(`images/chunked/${mode}.bin`))?.equals(data));
    });
  }

  test('a changed byte in a signed chunk: SignatureDoesNotMatch, nothing stored', async () => {
    const before = bodyFiles();
    for (const mode of ['signed', 'signed-trailer'] as const) {
      const res = await putChunked('images/chunked/tampered.bin', data, {
        mode,
        corrupt: (b) => {
          const copy = Buffer.from(b);
          copy[70_000] = copy[70_000]! ^ 1;
          return copy;
        },
      });
      assertRefused(res, 403, 'SignatureDoesNotMatch');
    }
    assert.equal(await stored('images/chunked/tampered.bin'), undefined);
    assert.equal(bodyFiles(), before);
  });

  test('chunks in another order, or one left out: SignatureDoesNotMatch', async () => {
    const small = randomBytes(3 * 8192);
    const swap = (b: Buffer) => {
      // Three framed 8 KiB chunks of equal length: exchange the first two.
      const len = b.length - b.lastIndexOf(Buffer.from('0;chunk-signature='));
      const frameLen = (b.length - len) / 3;
      return Buffer.concat([b.subarray(frameLen, 2 * frameLen), b.subarray(0, frameLen), b.subarray(2 * frameLen)]);
    };
    assertRefused(
      await putChunked('images/chunked/swapped.bin', small, { mode: 'signed', chunkSize: 8192, corrupt: swap }),
      403,
      'SignatureDoesNotMatch',
    );
    // The lengths are signed for the shorter body: only the chain of chunk signatures can tell.
    assertRefused(
      await putChunked('images/chunked/dropped.bin', small, { mode: 'signed', chunkSize: 8192, omitChunk: 1 }),
      403,
      'SignatureDoesNotMatch',
    );
    assert.equal(await stored('images/chunked/swapped.bin'), undefined);
    assert.equal(await stored('images/chunked/dropped.bin'), undefined);
  });

  test('a trailing checksum that does not match: BadDigest; a changed signed trailer: SignatureDoesNotMatch', async () => {
    for (const mode of ['signed-trailer', 'unsigned-trailer'] as const) {
      assertRefused(
        await putChunked('images/chunked/bad-trailer.bin', data, { mode, trailerValue: 'AAAAAA==' }),
        400,
        'BadDigest',
      );
    }
    const res = await putChunked('images/chunked/bad-trailer.bin', data, {
      mode: 'signed-trailer',
      corrupt: (b) =>
        Buffer.from(
          b.toString('latin1').replace(/x-amz-checksum-crc32:[^\r]*/, 'x-amz-checksum-crc32:AAAAAA=='),
          'latin1',
        ),
    });
    assertRefused(res, 403, 'SignatureDoesNotMatch');
    assert.equal(await stored('images/chunked/bad-trailer.bin'), undefined);
  });

  test('x-amz-decoded-content-length must be the decoded size', async () => {
    for (const mode of ['signed', 'unsigned-trailer'] as const) {
      assertRefused(
        await putChunked('images/chunked/length.bin', data, { mode, decodedLength: data.length + 1 }),
        400,
        'IncompleteBody',
      );
    }
    assert.equal(await stored('images/chunked/length.bin'), undefined);
  });

  test('a chunk longer than its size says, or a size that is not hexadecimal: IncompleteBody, nothing stored', async () => {
    // Same length as the body that was signed, so only the framing is wrong.
    for (const size of ['10001', 'zzzzz']) {
      const res = await putChunked('images/chunked/framing.bin', data, {
        mode: 'unsigned-trailer',
        corrupt: (b) => Buffer.concat([Buffer.from(size), b.subarray(5)]),
      });
      assertRefused(res, 400, 'IncompleteBody');
    }
    assert.equal(await stored('images/chunked/framing.bin'), undefined);
  });

  test('encodings the local S3 does not understand are refused with S3’s error, never stored', async () => {
    const before = bodyFiles();
    const framed = `5\r\nhello\r\n0\r\n\r\n`;
    for (const headers of <Record<string, string>[]>[
      {
        'x-amz-content-sha256': 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '5',
      },
      { 'x-amz-content-sha256': 'STREAMING-SOMETHING-NEW', 'x-amz-decoded-content-length': '5' },
      { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-encoding': 'aws-chunked' },
    ]) {
      const res = await s3Request(running.base, admin, 'PUT', 'images/chunked/unknown.bin', { body: framed, headers });
      assertRefused(res, 400, 'InvalidArgument');
    }
    assert.equal(await stored('images/chunked/unknown.bin'), undefined);
    assert.equal(bodyFiles(), before);
  });
});

describe('UploadPart with aws-chunked bodies', () => {
  test('signed and unsigned-trailer parts join into the object', async () => {
    const key = 'images/chunked/parts.bin';
    const created = await s3Request(running.base, admin, 'POST', key, {
      query: { uploads: '' },
      headers: { 'x-amz-checksum-algorithm': 'CRC32', 'x-amz-checksum-type': 'FULL_OBJECT' },
    });
    const uploadId = /<UploadId>([^<]+)</.exec(created.text)![1]!;
    const p1 = randomBytes(5 * 1024 * 1024);
    const p2 = randomBytes(123_456);
    const r1 = await putChunked(key, p1, { mode: 'signed-trailer', query: { partNumber: '1', uploadId } });
    assert.equal(r1.status, 200, r1.text);
    assert.equal(r1.headers['x-amz-checksum-crc32'], crc32Base64(crc32(p1)));
    const bad = await putChunked(key, p2, {
      mode: 'unsigned-trailer',
      trailerValue: 'AAAAAA==',
      query: { partNumber: '2', uploadId },
    });
    assertRefused(bad, 400, 'BadDigest');
    const r2 = await putChunked(key, p2, { mode: 'unsigned-trailer', query: { partNumber: '2', uploadId } });
    assert.equal(r2.status, 200, r2.text);
    const whole = Buffer.concat([p1, p2]);
    const done = await s3Request(running.base, admin, 'POST', key, {
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${r1.headers['etag']}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>${r2.headers['etag']}</ETag></Part></CompleteMultipartUpload>`,
    });
    assert.equal(done.status, 200, done.text);
    assert.match(
      done.text,
      new RegExp(`<ChecksumCRC32>${crc32Base64(crc32(whole)).replace(/[+/]/g, '\\$&')}</ChecksumCRC32>`),
    );
    assert.ok((await stored(key))?.equals(whole));
  });
});

describe('chunk sizes', () => {
  const xmlField = (res: RawResponse, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(res.text)?.[1];

  for (const mode of ['signed', 'signed-trailer', 'unsigned-trailer'] as const) {
    test(`${CONTENT_SHA256[mode]}: a chunk under 8 KiB that is not the last is refused, nothing stored`, async () => {
      const before = bodyFiles();
      // Chunks of 8,191, 8,191 and 3,618 bytes: the second header shows the first was short.
      const res = await putChunked(`images/chunked/short-${mode}.bin`, randomBytes(20_000), { mode, chunkSize: 8191 });
      assertRefused(res, 400, 'InvalidChunkSizeError');
      assert.equal(xmlField(res, 'Message'), 'Only the last chunk is allowed to have a size less than 8192 bytes');
      assert.equal(xmlField(res, 'Chunk'), '2');
      assert.equal(xmlField(res, 'BadChunkSize'), '8191');
      assert.equal(await stored(`images/chunked/short-${mode}.bin`), undefined);
      assert.equal(bodyFiles(), before);
    });

    test(`${CONTENT_SHA256[mode]}: chunks of exactly 8 KiB, a short last chunk, or one short chunk alone are taken`, async () => {
      for (const [name, data] of [
        ['exact', randomBytes(2 * 8192 + 100)],
        ['single', randomBytes(100)],
      ] as const) {
        const key = `images/chunked/sized-${mode}-${name}.bin`;
        const res = await putChunked(key, data, { mode, chunkSize: 8192 });
        assert.equal(res.status, 200, res.text);
        assert.ok((await stored(key))?.equals(data));
      }
    });
  }
});

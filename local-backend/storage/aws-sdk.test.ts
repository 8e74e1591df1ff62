import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { crc32Base64 } from './checksums.ts';
import { BUCKET } from './index.ts';
import { fakeIdentity, startStorage, type Creds } from './testing.ts';

// The local S3 through a second real client, the AWS SDK for JavaScript v3 with its defaults:
// streamed bodies go out aws-chunked with a trailing checksum, GetObject asks for and checks
// checksums, lib-storage uploads in parts, the presigner makes URLs.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
const viewer = issue('viewer', ['VIEWERS']);
const guest = issue('guest', [], false);

let dataDir: string;
let files: string;
let running: Awaited<ReturnType<typeof startStorage>>;

const client = (creds: Creds) =>
  new S3Client({
    endpoint: running.base,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: creds,
  });
let s3: S3Client;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'storage-sdk-'));
  files = mkdtempSync(join(tmpdir(), 'storage-sdk-files-'));
  running = await startStorage(dataDir, identity);
  s3 = client(admin);
});
after(async () => {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

function fileOf(name: string, bytes: Buffer): string {
  const path = join(files, name);
  writeFileSync(path, bytes);
  return path;
}

async function bodyOf(key: string, c = s3): Promise<{ bytes: Buffer; res: GetObjectCommandOutput }> {
  const res = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
  return { bytes: Buffer.from(await res.Body!.transformToByteArray()), res };
}

async function refused(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof S3ServiceException, String(err));
    assert.equal(err.name, code, err.message);
    return true;
  });
}

const bodyFiles = () => readdirSync(join(dataDir, 's3', 'objects')).length;

describe('PutObject with the SDK’s defaults', () => {
  test('a file stream (aws-chunked, trailing CRC32) is stored as the file’s bytes, not its framing', async () => {
    const bytes = randomBytes(307_200);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'images/sdk/stream.bin',
        Body: createReadStream(fileOf('s', bytes)),
      }),
    );
    assert.equal(put.ChecksumCRC32, crc32Base64(crc32(bytes)));
    const { bytes: got, res } = await bodyOf('images/sdk/stream.bin');
    assert.equal(got.length, 307_200);
    assert.ok(got.equals(bytes), 'the stored object is the file');
    assert.equal(res.ContentEncoding, undefined, 'aws-chunked is not kept as the object’s encoding');
    assert.equal(res.ChecksumCRC32, put.ChecksumCRC32);
  });

  for (const algorithm of ['CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as ChecksumAlgorithm[]) {
    test(`ChecksumAlgorithm ${algorithm}: streamed (trailer) and buffered (header), verified and returned`, async () => {
      const field = `Checksum${algorithm}` as 'ChecksumCRC32C';
      const bytes = randomBytes(200_000);
      for (const [how, Body] of [
        ['stream', createReadStream(fileOf(algorithm, bytes))],
        ['buffer', bytes],
      ] as const) {
        const key = `images/sdk/${algorithm}-${how}.bin`;
        const put = await s3.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: key, Body, ChecksumAlgorithm: algorithm }),
        );
        assert.ok(put[field], `${how}: PutObject echoes the ${algorithm}`);
        // The SDK checks the body it gets against the checksum the server returns.
        const { bytes: got, res } = await bodyOf(key);
        assert.ok(got.equals(bytes), how);
        assert.equal(res[field], put[field], how);
        assert.equal(res.ChecksumType, 'FULL_OBJECT');
      }
      if (algorithm === 'SHA256') {
        const expected = createHash('sha256').update(bytes).digest('base64');
        assert.equal(
          (
            await s3.send(
              new HeadObjectCommand({ Bucket: BUCKET, Key: 'images/sdk/SHA256-buffer.bin', ChecksumMode: 'ENABLED' }),
            )
          ).ChecksumSHA256,
          expected,
        );
      }
    });
  }

  test('a checksum that does not match the body is refused and nothing is stored', async () => {
    const before = bodyFiles();
    await refused(
      s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'images/sdk/bad.bin', Body: 'abc', ChecksumCRC32C: 'AAAAAA==' }),
      ),
      'BadDigest',
    );
    await refused(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'images/sdk/bad.bin' })), 'NotFound');
    assert.equal(bodyFiles(), before);
  });
});

describe('aws-chunked chunk sizes as the SDK sends them', () => {
  test('a stream of 1,000-byte pieces is refused as S3 refuses it; with requestStreamBufferSize it goes up', async () => {
    const bytes = randomBytes(50_000);
    const Key = 'images/sdk/small-pieces.bin';
    await refused(
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key,
          Body: Readable.from(chunksOf(bytes, 1000)),
          ContentLength: bytes.length,
        }),
      ),
      'InvalidChunkSizeError',
    );
    await refused(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key })), 'NotFound');
    const buffering = new S3Client({
      endpoint: running.base,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: admin,
      requestStreamBufferSize: 65_536,
    });
    await buffering.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key,
        Body: Readable.from(chunksOf(bytes, 1000)),
        ContentLength: bytes.length,
      }),
    );
    assert.ok((await bodyOf(Key)).bytes.equals(bytes));
  });
});

describe('multipart with lib-storage', () => {
  test('a 12 MiB stream goes up in three parts with CRC32s and joins byte for byte', async () => {
    const bytes = randomBytes(12 * 1024 * 1024);
    const upload = new Upload({
      client: s3,
      params: { Bucket: BUCKET, Key: 'images/sdk/multi.bin', Body: Readable.from(chunksOf(bytes, 100_000)) },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
    const done = await upload.done();
    assert.match(String(done.ETag), /-3"$/);
    assert.match(String(done.ChecksumCRC32), /-3$/, 'a composite CRC32, as S3 gives lib-storage’s uploads');
    const { bytes: got, res } = await bodyOf('images/sdk/multi.bin');
    assert.ok(got.equals(bytes));
    assert.equal(res.ChecksumType, 'COMPOSITE');
    assert.equal(readdirSync(join(dataDir, 's3', 'multipart')).length, 0, 'no parts left behind');
  });

  test('ChecksumAlgorithm CRC64NVME: a full-object checksum of the joined object', async () => {
    const bytes = randomBytes(6 * 1024 * 1024);
    const done = await new Upload({
      client: s3,
      params: { Bucket: BUCKET, Key: 'images/sdk/multi64.bin', Body: bytes, ChecksumAlgorithm: 'CRC64NVME' },
      partSize: 5 * 1024 * 1024,
    }).done();
    const single = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'images/sdk/single64.bin',
        Body: bytes,
        ChecksumAlgorithm: 'CRC64NVME',
      }),
    );
    assert.equal(done.ChecksumCRC64NVME, single.ChecksumCRC64NVME);
    assert.ok((await bodyOf('images/sdk/multi64.bin')).bytes.equals(bytes));
  });
});

describe('UploadPart with a stream body', () => {
  test('each part goes aws-chunked with a trailing CRC32 and is stored decoded', async () => {
    const Key = 'images/sdk/parts-streamed.bin';
    const p1 = randomBytes(5 * 1024 * 1024);
    const p2 = randomBytes(70_000);
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ChecksumAlgorithm: 'CRC32' }),
    );
    const parts = [];
    for (const [i, bytes] of [p1, p2].entries()) {
      const res = await s3.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          PartNumber: i + 1,
          Body: createReadStream(fileOf(`part${i}`, bytes)),
        }),
      );
      assert.equal(
        res.ETag,
        `"${createHash('md5').update(bytes).digest('hex')}"`,
        'the ETag is the MD5 of the part, not of its framing',
      );
      parts.push({ PartNumber: i + 1, ETag: res.ETag, ChecksumCRC32: res.ChecksumCRC32 });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId, MultipartUpload: { Parts: parts } }),
    );
    assert.ok((await bodyOf(Key)).bytes.equals(Buffer.concat([p1, p2])));
  });
});

describe('multipart created without a checksum algorithm', () => {
  test('parts still sent with the SDK’s default CRC32 complete with those checksums listed', async () => {
    const Key = 'images/sdk/no-algorithm.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    const bytes = randomBytes(100_000);
    const part = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: bytes }));
    assert.equal(part.ChecksumCRC32, crc32Base64(crc32(bytes)));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 }] },
      }),
    );
    assert.ok((await bodyOf(Key)).bytes.equals(bytes));
  });
});

function* chunksOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('presigned URLs from @aws-sdk/s3-request-presigner', () => {
  test('GET and PUT through the URL alone', async () => {
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: 'images/sdk/presigned.txt' }), {
      expiresIn: 60,
    });
    const put = await fetch(putUrl, { method: 'PUT', body: 'through a URL' });
    assert.equal(put.status, 200, await put.text());
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'images/sdk/presigned.txt' }), {
      expiresIn: 60,
    });
    const got = await fetch(getUrl);
    assert.equal(await got.text(), 'through a URL');
    const other = await fetch(getUrl.replace('presigned.txt', 'other.txt'));
    assert.equal(other.status, 403);
  });

  test('a download name past Latin-1 in response-content-disposition comes back as its UTF-8 bytes', async () => {
    const disposition = 'attachment; filename="a – b 名前.txt"';
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: 'images/sdk/presigned.txt',
        ResponseContentDisposition: disposition,
      }),
      { expiresIn: 60 },
    );
    const got = await fetch(url);
    assert.equal(got.status, 200, await got.clone().text());
    // fetch reads header bytes as Latin-1: the UTF-8 bytes of the name, as S3 sends them.
    assert.equal(Buffer.from(got.headers.get('content-disposition') ?? '', 'latin1').toString('utf8'), disposition);
    assert.equal(await got.text(), 'through a URL');
  });
});

describe('ListObjects (v1), ListMultipartUploads, GetBucketLocation', () => {
  before(async () => {
    for (const key of [
      'images/v1/a.txt',
      'images/v1/b/1.txt',
      'images/v1/b/2.txt',
      'images/v1/c.txt',
      'images/v1/d.txt',
    ]) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }
  });

  test('ListObjects pages with Marker/NextMarker and rolls up CommonPrefixes', async () => {
    const first = await s3.send(
      new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'images/v1/', Delimiter: '/', MaxKeys: 2 }),
    );
    assert.deepEqual(
      first.Contents?.map((c) => c.Key),
      ['images/v1/a.txt'],
    );
    assert.deepEqual(
      first.CommonPrefixes?.map((p) => p.Prefix),
      ['images/v1/b/'],
    );
    assert.equal(first.IsTruncated, true);
    assert.equal(first.NextMarker, 'images/v1/b/');
    const second = await s3.send(
      new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'images/v1/', Delimiter: '/', Marker: first.NextMarker }),
    );
    assert.deepEqual(
      second.Contents?.map((c) => c.Key),
      ['images/v1/c.txt', 'images/v1/d.txt'],
    );
    assert.equal(second.IsTruncated, false);
    const flat = await client(viewer).send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'images/v1/b/' }));
    assert.deepEqual(
      flat.Contents?.map((c) => [c.Key, c.Size, c.ETag]),
      ['images/v1/b/1.txt', 'images/v1/b/2.txt'].map((k) => [
        k,
        k.length,
        `"${createHash('md5').update(k).digest('hex')}"`,
      ]),
    );
  });

  test('ListObjects follows the same access rules as ListObjectsV2', async () => {
    await refused(client(guest).send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'images/' })), 'AccessDenied');
    await refused(s3.send(new ListObjectsCommand({ Bucket: BUCKET })), 'AccessDenied');
    await refused(s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'private/' })), 'AccessDenied');
  });

  test('ListMultipartUploads lists uploads in progress to those who may write there', async () => {
    const ids: string[] = [];
    for (const key of ['images/mpu/one.bin', 'images/mpu/two.bin', 'images/mpu/two.bin']) {
      ids.push((await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }))).UploadId!);
    }
    const all = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'images/mpu/' }));
    assert.deepEqual(
      all.Uploads?.map((u) => u.Key),
      ['images/mpu/one.bin', 'images/mpu/two.bin', 'images/mpu/two.bin'],
    );
    assert.deepEqual(new Set(all.Uploads?.map((u) => u.UploadId)), new Set(ids));
    assert.ok(all.Uploads?.every((u) => u.Initiated instanceof Date));
    const page = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'images/mpu/', MaxUploads: 2 }),
    );
    assert.equal(page.IsTruncated, true);
    const rest = await s3.send(
      new ListMultipartUploadsCommand({
        Bucket: BUCKET,
        Prefix: 'images/mpu/',
        KeyMarker: page.NextKeyMarker,
        UploadIdMarker: page.NextUploadIdMarker,
      }),
    );
    assert.deepEqual(
      [...page.Uploads!, ...rest.Uploads!].map((u) => u.UploadId),
      all.Uploads!.map((u) => u.UploadId),
    );
    await refused(
      client(viewer).send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'images/mpu/' })),
      'AccessDenied',
    );
    await refused(s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET })), 'AccessDenied');
    for (const [i, id] of ids.entries()) {
      const Key = i === 0 ? 'images/mpu/one.bin' : 'images/mpu/two.bin';
      await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId: id }));
    }
    const none = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'images/mpu/' }));
    assert.equal(none.Uploads, undefined);
  });

  test('GetBucketLocation: us-east-1 is the empty LocationConstraint; callers without any grant are refused', async () => {
    const location = await client(viewer).send(new GetBucketLocationCommand({ Bucket: BUCKET }));
    assert.equal(location.LocationConstraint ?? '', '');
    await refused(client(guest).send(new GetBucketLocationCommand({ Bucket: BUCKET })), 'AccessDenied');
  });
});

describe('object sub-resources the local S3 does not keep', () => {
  test('PutObjectTagging and GetObjectAcl are NotImplemented and never touch the object', async () => {
    const Key = 'images/sdk/tagged.txt';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'the object' }));
    await refused(
      s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key, Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } })),
      'NotImplemented',
    );
    await refused(s3.send(new GetObjectAclCommand({ Bucket: BUCKET, Key })), 'NotImplemented');
    assert.equal((await bodyOf(Key)).bytes.toString(), 'the object');
  });
});

describe('XML', () => {
  test('DeleteObjects answers keys with markup in them as well-formed XML', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'images/<y>&"z"', Body: 'x' }));
    const res = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: '<x>' }, { Key: 'images/<y>&"z"' }] },
      }),
    );
    assert.deepEqual(
      res.Deleted?.map((d) => d.Key),
      ['images/<y>&"z"'],
    );
    assert.deepEqual(
      res.Errors?.map((e) => [e.Key, e.Code]),
      [['<x>', 'AccessDenied']],
    );
    const listed = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'images/<' }));
    assert.equal(listed.Contents, undefined);
  });
});

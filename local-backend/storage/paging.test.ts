import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUCKET } from './index.ts';
import { errorCode, fakeIdentity, s3Request, startStorage, type RawResponse } from './testing.ts';

// Paged listings through the AWS SDK: ListParts (max-parts, part-number-marker), ListMultipartUploads
// (max-uploads, key-marker, upload-id-marker) and ListObjectsV2's max-keys, and the InvalidArgument
// answers S3 gives for values that are not page sizes or markers.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);

let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
let s3: S3Client;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'storage-paging-'));
  running = await startStorage(dataDir, identity);
  s3 = new S3Client({ endpoint: running.base, forcePathStyle: true, region: 'us-east-1', credentials: admin });
});
after(async () => {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const raw = (method: string, key: string, query: Record<string, string>) =>
  s3Request(running.base, admin, method, key, { query });
const field = (res: RawResponse, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(res.text)?.[1];

function assertInvalid(res: RawResponse, message: string, name: string, value: string) {
  assert.equal(res.status, 400, res.text);
  assert.equal(errorCode(res), 'InvalidArgument', res.text);
  assert.equal(field(res, 'Message'), message);
  assert.equal(field(res, 'ArgumentName'), name);
  assert.equal(field(res, 'ArgumentValue'), value);
}

async function createUpload(Key: string): Promise<string> {
  return (await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }))).UploadId!;
}

async function uploadParts(Key: string, UploadId: string, numbers: number[]): Promise<void> {
  for (let i = 0; i < numbers.length; i += 50) {
    await Promise.all(
      numbers
        .slice(i, i + 50)
        .map((PartNumber) =>
          s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber, Body: `part ${PartNumber}` })),
        ),
    );
  }
}

describe('ListParts', () => {
  const Key = 'images/paging/parts.bin';
  let UploadId: string;
  before(async () => {
    UploadId = await createUpload(Key);
    await uploadParts(Key, UploadId, [1, 2, 3, 5, 8]);
  });
  const list = (extra: { MaxParts?: number; PartNumberMarker?: string } = {}) =>
    s3.send(new ListPartsCommand({ Bucket: BUCKET, Key, UploadId, ...extra }));

  test('pages of max-parts after part-number-marker, with IsTruncated and NextPartNumberMarker', async () => {
    const all = await list();
    assert.deepEqual(
      all.Parts?.map((p) => p.PartNumber),
      [1, 2, 3, 5, 8],
    );
    assert.equal(all.MaxParts, 1000);
    assert.equal(all.IsTruncated, false);

    const first = await list({ MaxParts: 2 });
    assert.deepEqual(
      first.Parts?.map((p) => p.PartNumber),
      [1, 2],
    );
    assert.equal(first.MaxParts, 2);
    assert.equal(first.IsTruncated, true);
    assert.equal(first.NextPartNumberMarker, '2');
    const second = await list({ MaxParts: 2, PartNumberMarker: first.NextPartNumberMarker });
    assert.equal(second.PartNumberMarker, '2');
    assert.deepEqual(
      second.Parts?.map((p) => p.PartNumber),
      [3, 5],
    );
    assert.equal(second.IsTruncated, true);
    const last = await list({ MaxParts: 2, PartNumberMarker: second.NextPartNumberMarker });
    assert.deepEqual(
      last.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]),
      [[8, 6, all.Parts![4]!.ETag]],
    );
    assert.equal(last.IsTruncated, false);
    // A marker between part numbers starts after it.
    assert.deepEqual(
      (await list({ PartNumberMarker: '4' })).Parts?.map((p) => p.PartNumber),
      [5, 8],
    );
  });

  test('a client that follows IsTruncated walks every page; NextPartNumberMarker is there on each, as in S3', async () => {
    // (S3 sets NextPartNumberMarker on the last page too, so the SDK's paginateListParts, which
    // stops only on a missing token, never ends against it: clients page on IsTruncated.)
    const seen: number[] = [];
    const markers: (string | undefined)[] = [];
    let page = await list({ MaxParts: 2 });
    for (;;) {
      seen.push(...(page.Parts ?? []).map((p) => p.PartNumber!));
      markers.push(page.NextPartNumberMarker);
      if (!page.IsTruncated) break;
      page = await list({ MaxParts: 2, PartNumberMarker: page.NextPartNumberMarker });
    }
    assert.deepEqual(seen, [1, 2, 3, 5, 8]);
    assert.deepEqual(markers, ['2', '5', '8']);
    const beyond = await list({ PartNumberMarker: '8' });
    assert.equal(beyond.Parts, undefined);
    assert.equal(beyond.IsTruncated, false);
    assert.equal(beyond.NextPartNumberMarker, '0');
  });

  test('max-parts=0 is an empty page that is not truncated', async () => {
    const none = await list({ MaxParts: 0 });
    assert.equal(none.Parts, undefined);
    assert.equal(none.IsTruncated, false);
  });

  test('a page never holds more than 1000 parts, whatever max-parts asks for', async () => {
    const key = 'images/paging/many.bin';
    const id = await createUpload(key);
    await uploadParts(
      key,
      id,
      Array.from({ length: 1001 }, (_, i) => i + 1),
    );
    for (const MaxParts of [undefined, 5000]) {
      const page = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: id, MaxParts }));
      assert.equal(page.Parts?.length, 1000);
      assert.equal(page.MaxParts, 1000);
      assert.equal(page.IsTruncated, true);
      assert.equal(page.NextPartNumberMarker, '1000');
    }
    const rest = await s3.send(
      new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: id, PartNumberMarker: '1000' }),
    );
    assert.deepEqual(
      rest.Parts?.map((p) => p.PartNumber),
      [1001],
    );
    assert.equal(rest.IsTruncated, false);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: id }));
  });

  test('max-parts and part-number-marker that are not page sizes are InvalidArgument; the parts stay', async () => {
    const notInteger = (name: string) => `Provided ${name} not an integer or within integer range`;
    const negative = (name: string) => `Argument ${name} must be an integer between 0 and 2147483647`;
    for (const [name, value, message, reported] of [
      ['max-parts', 'abc', notInteger('max-parts'), 'abc'],
      ['max-parts', '2147483648', notInteger('max-parts'), '2147483648'],
      ['max-parts', '1.5', notInteger('max-parts'), '1.5'],
      ['max-parts', '-1', negative('max-parts'), '-1'],
      ['part-number-marker', 'two', notInteger('part-number-marker'), 'two'],
      ['part-number-marker', '-2', negative('part-number-marker'), '-2'],
    ] as const) {
      assertInvalid(await raw('GET', Key, { uploadId: UploadId, [name]: value }), message, name, reported);
    }
    // Leading zeros are still a number; an empty value is the default.
    const padded = await raw('GET', Key, { uploadId: UploadId, 'max-parts': '002', 'part-number-marker': '' });
    assert.equal(padded.status, 200, padded.text);
    assert.equal(field(padded, 'MaxParts'), '2');
    assert.equal(field(padded, 'PartNumberMarker'), '0');
    assert.equal((await list()).Parts?.length, 5);
  });
});

describe('ListMultipartUploads', () => {
  const keys = ['images/paging/mpu/a', 'images/paging/mpu/b', 'images/paging/mpu/b', 'images/paging/mpu/c'];
  before(async () => {
    for (const key of keys) await createUpload(key);
  });
  const list = (extra: { MaxUploads?: number; KeyMarker?: string; UploadIdMarker?: string } = {}) =>
    s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'images/paging/mpu/', ...extra }));

  test('pages of max-uploads follow NextKeyMarker and NextUploadIdMarker through uploads of one key', async () => {
    const all = await list();
    assert.deepEqual(
      all.Uploads?.map((u) => u.Key),
      keys,
    );
    assert.equal(all.MaxUploads, 1000);
    const seen: string[] = [];
    let page = await list({ MaxUploads: 1 });
    let pages = 1;
    seen.push(...page.Uploads!.map((u) => u.UploadId!));
    while (page.IsTruncated) {
      page = await list({ MaxUploads: 1, KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker });
      pages++;
      seen.push(...(page.Uploads ?? []).map((u) => u.UploadId!));
    }
    assert.equal(pages, 4);
    assert.deepEqual(
      seen,
      all.Uploads!.map((u) => u.UploadId),
    );
    // A key marker alone skips every upload of that key.
    assert.deepEqual(
      (await list({ KeyMarker: 'images/paging/mpu/b' })).Uploads?.map((u) => u.Key),
      ['images/paging/mpu/c'],
    );
    const none = await list({ MaxUploads: 0 });
    assert.equal(none.Uploads, undefined);
    assert.equal(none.IsTruncated, false);
    assert.equal((await list({ MaxUploads: 5000 })).MaxUploads, 1000);
  });

  test('max-uploads, upload-id-marker and encoding-type that S3 would not take are InvalidArgument', async () => {
    const q = { uploads: '', prefix: 'images/paging/mpu/' };
    assertInvalid(
      await raw('GET', '', { ...q, 'max-uploads': 'ten' }),
      'Provided max-uploads not an integer or within integer range',
      'max-uploads',
      'ten',
    );
    assertInvalid(
      await raw('GET', '', { ...q, 'max-uploads': '-5' }),
      'Argument max-uploads must be an integer between 0 and 2147483647',
      'max-uploads',
      '-5',
    );
    assertInvalid(
      await raw('GET', '', { ...q, 'key-marker': 'images/paging/mpu/a', 'upload-id-marker': 'not-an-upload' }),
      'Invalid uploadId marker',
      'upload-id-marker',
      'not-an-upload',
    );
    assertInvalid(
      await raw('GET', '', { ...q, 'encoding-type': 'base64' }),
      'Invalid Encoding Method specified in Request',
      'encoding-type',
      'base64',
    );
    // Without a key marker S3 ignores the upload id marker.
    const ignored = await raw('GET', '', { ...q, 'upload-id-marker': 'not-an-upload' });
    assert.equal(ignored.status, 200, ignored.text);
  });
});

describe('ListObjectsV2 max-keys', () => {
  before(async () => {
    for (const name of ['1', '2', '3']) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `images/paging/objects/${name}`, Body: name }));
    }
  });

  test('max-keys=0 is an empty page that is not truncated; more than 1000 is 1000', async () => {
    const list = (MaxKeys: number) =>
      s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'images/paging/objects/', MaxKeys }));
    const none = await list(0);
    assert.equal(none.KeyCount, 0);
    assert.equal(none.IsTruncated, false);
    assert.equal(none.NextContinuationToken, undefined);
    const capped = await list(5000);
    assert.equal(capped.MaxKeys, 1000);
    assert.equal(capped.KeyCount, 3);
  });

  test('a max-keys that is not a page size is InvalidArgument, named as S3 names it', async () => {
    const q = { 'list-type': '2', prefix: 'images/paging/objects/' };
    assertInvalid(
      await raw('GET', '', { ...q, 'max-keys': 'many' }),
      'Provided max-keys not an integer or within integer range',
      'max-keys',
      'many',
    );
    assertInvalid(
      await raw('GET', '', { ...q, 'max-keys': '-1' }),
      'Argument maxKeys must be an integer between 0 and 2147483647',
      'maxKeys',
      '-1',
    );
  });
});

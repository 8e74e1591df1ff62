import {
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUCKET } from './index.ts';
import { errorCode, fakeIdentity, s3Request, startStorage, type Creds, type RawResponse } from './testing.ts';

// Version ids on a bucket that never had versioning (no synthesized template), as S3 treats them:
// `null` names the one version each object has, an empty or any other version id is refused, and
// GetBucketVersioning answers an empty configuration.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
const guest = issue('guest', [], false);

let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
let s3: S3Client;
const client = (creds: Creds) =>
  new S3Client({ endpoint: running.base, forcePathStyle: true, region: 'us-east-1', credentials: creds });
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'storage-versions-'));
  running = await startStorage(dataDir, identity);
  s3 = client(admin);
});
after(async () => {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const field = (res: RawResponse, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(res.text)?.[1];
const raw = (method: string, key: string, opts: Parameters<typeof s3Request>[4] = {}) =>
  s3Request(running.base, admin, method, key, opts);
const put = (Key: string, Body = `body of ${Key}`) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
const text = async (Key: string, VersionId?: string) =>
  (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, VersionId }))).Body!.transformToString();
const exists = async (Key: string) => {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
    return true;
  } catch (err) {
    if (err instanceof S3ServiceException && err.name === 'NotFound') return false;
    throw err;
  }
};

async function refused(promise: Promise<unknown>, code: string, fields: Record<string, string> = {}): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof S3ServiceException, String(err));
    assert.equal(err.name, code, err.message);
    for (const [name, value] of Object.entries(fields)) {
      assert.equal((err as unknown as Record<string, unknown>)[name], value, name);
    }
    return true;
  });
}

describe('versionId on GetObject, HeadObject and DeleteObject', () => {
  test('versionId=null is the object itself', async () => {
    const Key = 'images/versions/null.txt';
    await put(Key);
    assert.equal(await text(Key, 'null'), `body of ${Key}`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key, VersionId: 'null' }));
    assert.equal(head.ContentLength, `body of ${Key}`.length);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key, VersionId: 'null' }));
    assert.equal(await exists(Key), false);
  });

  test('the version null of a key with no object is NoSuchVersion', async () => {
    const Key = 'images/versions/missing.txt';
    await refused(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, VersionId: 'null' })), 'NoSuchVersion', {
      Key,
      VersionId: 'null',
    });
    const head = await raw('HEAD', Key, { query: { versionId: 'null' } });
    assert.equal(head.status, 404);
    assert.equal(head.headers['x-amz-error-code'], 'NoSuchVersion');
  });

  test('any other version id is InvalidArgument, and the object is neither read nor deleted', async () => {
    const Key = 'images/versions/kept.txt';
    await put(Key);
    for (const VersionId of ['3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrH', 'NULL']) {
      const detail = { ArgumentName: 'versionId', ArgumentValue: VersionId };
      await refused(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, VersionId })), 'InvalidArgument', detail);
      await refused(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key, VersionId })), 'InvalidArgument', detail);
      const head = await raw('HEAD', Key, { query: { versionId: VersionId } });
      assert.equal(head.status, 400);
      assert.equal(head.headers['x-amz-error-code'], 'InvalidArgument');
      const get = await raw('GET', Key, { query: { versionId: VersionId } });
      assert.equal(field(get, 'Message'), 'Invalid version id specified');
    }
    const empty = await raw('DELETE', Key, { query: { versionId: '' } });
    assert.equal(empty.status, 400, empty.text);
    assert.equal(errorCode(empty), 'InvalidArgument');
    assert.equal(field(empty, 'Message'), 'Version id cannot be the empty string');
    assert.equal(await text(Key), `body of ${Key}`);
  });

  test('UploadPart takes no version id', async () => {
    const Key = 'images/versions/part.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    const res = await raw('PUT', Key, {
      query: { uploadId: UploadId!, partNumber: '1', versionId: 'null' },
      body: 'x',
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(errorCode(res), 'InvalidArgument');
    assert.equal(field(res, 'Message'), 'This operation does not accept a version-id.');
    const listed = await raw('GET', Key, { query: { uploadId: UploadId! } });
    assert.equal(listed.text.includes('<Part>'), false, 'no part was stored');
  });
});

describe('versionId in the source of CopyObject', () => {
  const source = 'images/versions/source.txt';
  before(() => put(source));
  const copy = (Key: string, CopySource: string) => s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key, CopySource }));

  test('?versionId=null copies the object', async () => {
    await copy('images/versions/copy-null.txt', `${BUCKET}/${source}?versionId=null`);
    assert.equal(await text('images/versions/copy-null.txt'), `body of ${source}`);
    await refused(
      copy('images/versions/copy-none.txt', `${BUCKET}/images/versions/absent.txt?versionId=null`),
      'NoSuchVersion',
    );
  });

  test('another version id is an invalid request, an empty one InvalidArgument; nothing is copied', async () => {
    await refused(copy('images/versions/copy-bad.txt', `${BUCKET}/${source}?versionId=abc`), 'InvalidRequest');
    await refused(copy('images/versions/copy-bad.txt', `${BUCKET}/${source}?versionId=`), 'InvalidArgument', {
      ArgumentName: 'x-amz-copy-source',
    });
    assert.equal(await exists('images/versions/copy-bad.txt'), false);
  });
});

describe('VersionId in DeleteObjects', () => {
  test('entries for the version null are deleted; others are reported and kept', async () => {
    const keys = ['images/versions/batch-1.txt', 'images/versions/batch-2.txt', 'images/versions/batch-3.txt'];
    for (const key of keys) await put(key);
    const res = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: {
          Objects: [{ Key: keys[0], VersionId: 'null' }, { Key: keys[1], VersionId: 'abc' }, { Key: keys[2] }],
        },
      }),
    );
    assert.deepEqual(
      res.Deleted?.map((d) => [d.Key, d.VersionId]),
      [
        [keys[0], 'null'],
        [keys[2], undefined],
      ],
    );
    assert.deepEqual(
      res.Errors?.map((e) => [e.Key, e.VersionId, e.Code, e.Message]),
      [[keys[1], 'abc', 'InvalidArgument', 'Invalid version id specified']],
    );
    assert.deepEqual(await Promise.all(keys.map(exists)), [false, true, false]);
  });
});

describe('GetBucketVersioning', () => {
  test('an empty configuration: versioning was never turned on', async () => {
    const res = await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }));
    assert.equal(res.Status, undefined);
    assert.equal(res.MFADelete, undefined);
    const body = await raw('GET', '', { query: { versioning: '' } });
    assert.match(body.text, /<VersioningConfiguration xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/">\s*<\//);
    await refused(client(guest).send(new GetBucketVersioningCommand({ Bucket: BUCKET })), 'AccessDenied');
  });

  test('turning versioning on takes s3:PutBucketVersioning, which no role is granted; nothing changes', async () => {
    const res = await raw('PUT', '', {
      query: { versioning: '' },
      body: '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>',
    });
    assert.equal(res.status, 403, res.text);
    assert.equal(errorCode(res), 'AccessDenied');
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status, undefined);
  });
});

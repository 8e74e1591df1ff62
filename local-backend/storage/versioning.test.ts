import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type ObjectVersion,
  type DeleteMarkerEntry,
} from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { INCOMPLETE_UPLOAD_DAYS, RETENTION_DAYS } from '../../amplify/storage/retention.ts';
import type { BucketTemplate } from './bucket-template.ts';
import { BUCKET } from './index.ts';
import { fakeIdentity, s3Request, startStorage, type Creds } from './testing.ts';

// The local S3 with the files bucket as amplify/backend.ts deploys it (versioning-synth.test.ts
// checks that the synthesis yields exactly this): versioned, the retention lifecycle, and the
// version actions granted to ADMINS only. Driven through @aws-sdk/client-s3, the clock by the test.

const DAY = 24 * 3600 * 1000;
const FILES_BUCKET: BucketTemplate = {
  friendlyName: 'attachmentConsoleFiles',
  versioning: 'Enabled',
  lifecycle: [
    {
      id: 'expire-noncurrent-versions',
      prefix: '',
      noncurrentDays: RETENTION_DAYS,
      expiredObjectDeleteMarker: true,
      unsupported: [],
    },
    {
      id: 'abort-incomplete-multipart-uploads',
      prefix: '',
      expiredObjectDeleteMarker: false,
      abortIncompleteDays: INCOMPLETE_UPLOAD_DAYS,
      unsupported: [],
    },
  ],
  grants: [
    {
      role: 'group:ADMINS',
      effect: 'Allow',
      actions: ['s3:ListBucketVersions'],
      resources: [''],
      prefixes: ['images/*', 'images/'],
    },
    {
      role: 'group:ADMINS',
      effect: 'Allow',
      actions: ['s3:GetObjectVersion', 's3:DeleteObjectVersion'],
      resources: ['images/*'],
    },
  ],
};

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
const operator = issue('operator', ['OPERATORS']);
const viewer = issue('viewer', ['VIEWERS']);

let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
let clock = Date.UTC(2026, 0, 10, 12);
const client = (creds: Creds) =>
  new S3Client({ endpoint: running.base, forcePathStyle: true, region: 'us-east-1', credentials: creds });
let s3: S3Client;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'storage-versioning-'));
  running = await startStorage(dataDir, identity, 0, { bucket: FILES_BUCKET, now: () => clock });
  s3 = client(admin);
});
after(async () => {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const put = async (Key: string, Body: string) =>
  (await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }))).VersionId!;
const text = async (Key: string, VersionId?: string, who = s3) =>
  (await who.send(new GetObjectCommand({ Bucket: BUCKET, Key, VersionId }))).Body!.transformToString();
const versionsOf = async (Prefix: string) => {
  const res = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix }));
  return { versions: res.Versions ?? [], markers: res.DeleteMarkers ?? [] };
};
async function refused(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof S3ServiceException, String(err));
    assert.equal(err.name, code, err.message);
    return true;
  });
}

describe('a versioned bucket', () => {
  test('GetBucketVersioning says Enabled, as the template sets it', async () => {
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status, 'Enabled');
  });

  test('every write gets its own version id, and each version stays readable by it', async () => {
    const Key = 'images/v/song.png';
    const ids = [await put(Key, 'one'), await put(Key, 'two'), await put(Key, 'three')];
    assert.equal(new Set(ids).size, 3);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(await text(Key), 'three');
    assert.equal(await text(Key, ids[0]), 'one');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key, VersionId: ids[1] }));
    assert.equal(head.VersionId, ids[1]);
    assert.equal(head.ContentLength, 3);
    const { versions } = await versionsOf('images/v/song.png');
    assert.deepEqual(
      versions.map((v) => [v.VersionId, v.IsLatest, v.Size]),
      [
        [ids[2], true, 5],
        [ids[1], false, 3],
        [ids[0], false, 3],
      ],
    );
  });

  test('ListObjectVersions pages by key marker and version-id marker, newest first within a key', async () => {
    const written: [string, string][] = [];
    for (const k of ['a', 'b', 'c']) {
      for (const n of [1, 2, 3]) written.push([`images/page/${k}`, await put(`images/page/${k}`, `${k}${n}`)]);
    }
    const seen: (ObjectVersion | DeleteMarkerEntry)[] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: BUCKET,
          Prefix: 'images/page/',
          MaxKeys: 4,
          KeyMarker,
          VersionIdMarker,
        }),
      );
      pages++;
      seen.push(...(res.Versions ?? []));
      if (!res.IsTruncated) break;
      assert.equal(res.Versions?.length, 4);
      KeyMarker = res.NextKeyMarker;
      VersionIdMarker = res.NextVersionIdMarker;
      assert.equal(KeyMarker, res.Versions!.at(-1)!.Key);
      assert.equal(VersionIdMarker, res.Versions!.at(-1)!.VersionId);
    }
    assert.equal(pages, 3);
    const expected = ['a', 'b', 'c'].flatMap((k) =>
      written
        .filter(([key]) => key === `images/page/${k}`)
        .reverse()
        .map(([key, id]) => [key, id]),
    );
    assert.deepEqual(
      seen.map((v) => [v.Key, v.VersionId]),
      expected,
    );
    const bad = await s3Request(running.base, admin, 'GET', '', {
      query: { versions: '', prefix: 'images/', 'version-id-marker': written[0]![1] },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /A version-id marker cannot be specified without a key marker/);
  });

  test('DeleteObject leaves a delete marker: the key reads as gone, its versions stay, removing the marker restores it', async () => {
    const Key = 'images/v/deleted.png';
    const v1 = await put(Key, 'kept bytes');
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
    assert.equal(deleted.DeleteMarker, true);
    const markerId = deleted.VersionId!;
    assert.notEqual(markerId, v1);

    const get = await s3Request(running.base, admin, 'GET', Key);
    assert.equal(get.status, 404);
    assert.match(get.text, /<Code>NoSuchKey<\/Code>/);
    assert.equal(get.headers['x-amz-delete-marker'], 'true');
    assert.equal(get.headers['x-amz-version-id'], markerId);
    const byMarker = await s3Request(running.base, admin, 'GET', Key, { query: { versionId: markerId } });
    assert.equal(byMarker.status, 405);
    assert.match(byMarker.text, /<Code>MethodNotAllowed<\/Code>/);
    assert.equal(byMarker.headers['x-amz-delete-marker'], 'true');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'images/v/deleted' }));
    assert.equal(listed.KeyCount, 0);
    const { versions, markers } = await versionsOf(Key);
    assert.deepEqual(
      markers.map((m) => [m.VersionId, m.IsLatest]),
      [[markerId, true]],
    );
    assert.deepEqual(
      versions.map((v) => [v.VersionId, v.IsLatest]),
      [[v1, false]],
    );

    const restored = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key, VersionId: markerId }));
    assert.equal(restored.DeleteMarker, true);
    assert.equal(restored.VersionId, markerId);
    assert.equal(await text(Key), 'kept bytes');
    assert.equal((await versionsOf(Key)).markers.length, 0);
  });

  test('DeleteObject with a version id removes that version for good; the one before becomes current', async () => {
    const Key = 'images/v/permanent.png';
    const v1 = await put(Key, 'first');
    const v2 = await put(Key, 'second');
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key, VersionId: v2 }));
    assert.equal(await text(Key), 'first');
    await refused(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, VersionId: v2 })), 'NoSuchVersion');
    assert.deepEqual(
      (await versionsOf(Key)).versions.map((v) => [v.VersionId, v.IsLatest]),
      [[v1, true]],
    );
  });

  test('CopyObject from an old version id makes it current again (a restore), byte for byte', async () => {
    const Key = 'images/v/restore.png';
    const v1 = await put(Key, 'original cover');
    await put(Key, 'replacement');
    const copied = await s3.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key, CopySource: `${BUCKET}/${Key}?versionId=${v1}` }),
    );
    assert.equal(copied.CopySourceVersionId, v1);
    assert.ok(copied.VersionId && copied.VersionId !== v1);
    assert.equal(await text(Key), 'original cover');
    assert.equal((await versionsOf(Key)).versions.length, 3);
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }))).VersionId!;
    await refused(
      s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key, CopySource: `${BUCKET}/${Key}?versionId=${marker}` })),
      'InvalidRequest',
    );
  });
});

describe('DeleteObjects on a versioned bucket', () => {
  test('an entry without a version id leaves a marker; one naming that marker removes it again', async () => {
    const Key = 'images/v/batch.png';
    await put(Key, 'batch bytes');
    const first = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key }] } }));
    const [deleted] = first.Deleted ?? [];
    assert.equal(deleted?.DeleteMarker, true);
    assert.match(deleted?.DeleteMarkerVersionId ?? '', /^[A-Za-z0-9_-]{32}$/);
    assert.equal((await versionsOf(Key)).markers.length, 1);
    const second = await s3.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key, VersionId: deleted!.DeleteMarkerVersionId }] },
      }),
    );
    assert.equal(second.Deleted?.[0]?.VersionId, deleted!.DeleteMarkerVersionId);
    assert.equal(await text(Key), 'batch bytes');
  });

  test('OPERATORS cannot delete a version in a batch either', async () => {
    const Key = 'images/v/batch-op.png';
    const v1 = await put(Key, 'op');
    const res = await client(operator).send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key, VersionId: v1 }] } }),
    );
    assert.deepEqual(
      res.Errors?.map((e) => [e.Key, e.Code]),
      [[Key, 'AccessDenied']],
    );
    assert.equal(await text(Key, v1), 'op');
  });
});

describe('the retention lifecycle, on a driven clock', () => {
  test(`non-current versions go ${RETENTION_DAYS} days (to the next midnight UTC) after they stopped being current, then the lone marker`, async () => {
    const Key = 'images/retention/file.png';
    const start = clock;
    const v1 = await put(Key, 'old');
    await put(Key, 'newer');
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));

    clock = start + (RETENTION_DAYS - 1) * DAY;
    assert.deepEqual(running.storage.sweepLifecycle(), { versions: 0, markers: 0, uploads: 0 });
    assert.equal(await text(Key, v1), 'old');

    clock = start + RETENTION_DAYS * DAY;
    // Midday plus 30 days is not yet the midnight the days are rounded up to.
    assert.equal(running.storage.sweepLifecycle().versions, 0);

    clock = start + (RETENTION_DAYS + 1) * DAY;
    // (Versions other tests left behind go too: the rule covers the whole bucket.)
    const swept = running.storage.sweepLifecycle();
    assert.ok(swept.versions >= 2 && swept.markers >= 1, JSON.stringify(swept));
    const { versions, markers } = await versionsOf('images/retention/');
    assert.equal(versions.length + markers.length, 0);
    await refused(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, VersionId: v1 })), 'NoSuchVersion');
  });

  test(`a current object is never expired, and an upload left unfinished is aborted after ${INCOMPLETE_UPLOAD_DAYS} days`, async () => {
    const Key = 'images/retention/upload.bin';
    await put('images/retention/current.png', 'stays');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key }));
    await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: 'part' }));
    const uploads = async () =>
      (await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'images/retention/' }))).Uploads ?? [];
    const real = Date.now();
    clock = real + (INCOMPLETE_UPLOAD_DAYS - 1) * DAY;
    running.storage.sweepLifecycle();
    assert.equal((await uploads()).length, 1);
    clock = real + (INCOMPLETE_UPLOAD_DAYS + 1) * DAY;
    assert.equal(running.storage.sweepLifecycle().uploads, 1);
    assert.equal((await uploads()).length, 0);
    await refused(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] },
        }),
      ),
      'NoSuchUpload',
    );
    clock += 400 * DAY;
    running.storage.sweepLifecycle();
    assert.equal(await text('images/retention/current.png'), 'stays');
  });
});

describe('the version actions, granted to ADMINS only', () => {
  const Key = 'images/grants/cover.png';
  let v1: string;
  before(async () => {
    v1 = await put(Key, 'v1');
    await put(Key, 'v2');
  });

  for (const [name, creds] of [
    ['OPERATORS', operator],
    ['VIEWERS', viewer],
  ] as const) {
    test(`${name} may not list versions, read one by id or delete one`, async () => {
      const them = client(creds);
      await refused(them.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'images/' })), 'AccessDenied');
      await refused(them.send(new GetObjectCommand({ Bucket: BUCKET, Key, VersionId: v1 })), 'AccessDenied');
      const head = await s3Request(running.base, creds, 'HEAD', Key, { query: { versionId: v1 } });
      assert.equal(head.status, 403);
      await refused(them.send(new DeleteObjectCommand({ Bucket: BUCKET, Key, VersionId: v1 })), 'AccessDenied');
      assert.equal(await text(Key, undefined, them), 'v2', 'the current version stays theirs to read');
      assert.equal(await text(Key, v1), 'v1', 'nothing was deleted');
    });
  }

  test('ADMINS may, and only under the paths granted', async () => {
    assert.equal(await text(Key, v1), 'v1');
    const elsewhere = await s3Request(running.base, admin, 'GET', '', { query: { versions: '', prefix: 'other/' } });
    assert.equal(elsewhere.status, 403);
  });
});

import { ListObjectsV2Command, PutObjectCommand, S3Client, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BUCKET } from './index.ts';
import { fakeIdentity, startStorage } from './testing.ts';

// ListObjectsV2 pages as the AWS SDK reads them, around the edges of the hand-written page and
// the one-read-per-page listing: full pages, a page that ends exactly at the last key, common
// prefixes past one read's worth, text that must be escaped, checksums and the owner.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
let s3: S3Client;

/** Objects written straight into the store (a body of the key's bytes), not through HTTP. */
function plant(keys: string[]): void {
  for (const key of keys) {
    const body = Buffer.from(key);
    const target = running.storage.store.newBody();
    writeFileSync(target.path, body);
    running.storage.store.commit(key, target.file, {
      size: body.length,
      etag: createHash('md5').update(body).digest('hex'),
      contentType: 'text/plain',
      metadata: {},
    });
  }
}

/** Every page of a listing, following its continuation tokens. */
async function pages(input: Omit<ListObjectsV2CommandInput, 'Bucket'>) {
  const out = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ...input, ContinuationToken: token }));
    out.push(page);
    token = page.NextContinuationToken;
    assert.equal(page.IsTruncated, token !== undefined);
  } while (token);
  return out;
}

/** S3's order: UTF-8 bytes, where a character past U+FFFF sorts after U+FFFD (not before, as in UTF-16). */
const utf8Sorted = (keys: string[]) => [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'list-objects-'));
  return startStorage(dataDir, identity).then((r) => {
    running = r;
    s3 = new S3Client({ endpoint: r.base, forcePathStyle: true, region: 'us-east-1', credentials: admin });
  });
});
after(async () => {
  s3.destroy();
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ListObjectsV2 pages', () => {
  test('2,500 keys come in pages of 1,000, 1,000 and 500, in UTF-8 order, nothing outside the prefix', async () => {
    const keys = Array.from({ length: 2497 }, (_, i) => `images/many/${String(i).padStart(5, '0')}.txt`);
    keys.push('images/many/\u{1F600}.txt', 'images/many/\uFFFD.txt', 'images/many/é.txt');
    plant(keys);
    plant(['images/manz.txt', 'images/man.txt']);
    const listed = await pages({ Prefix: 'images/many/' });
    assert.deepEqual(
      listed.map((p) => [p.KeyCount, p.Contents?.length]),
      [
        [1000, 1000],
        [1000, 1000],
        [500, 500],
      ],
    );
    assert.deepEqual(
      listed.flatMap((p) => p.Contents!.map((c) => c.Key)),
      utf8Sorted(keys),
    );
    const first = listed[0]!.Contents![0]!;
    assert.equal(first.Size, Buffer.byteLength(first.Key!));
    assert.equal(first.ETag, `"${createHash('md5').update(first.Key!).digest('hex')}"`);
    assert.equal(first.StorageClass, 'STANDARD');
    assert.ok(first.LastModified instanceof Date && Date.now() - first.LastModified.getTime() < 60_000);
  });

  test('a prefix with exactly 1,000 keys is one page, not truncated; MaxKeys 999 leaves one for a second', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `images/exact/${String(i).padStart(4, '0')}`);
    plant(keys);
    const whole = await pages({ Prefix: 'images/exact/' });
    assert.equal(whole.length, 1);
    assert.equal(whole[0]!.KeyCount, 1000);
    const split = await pages({ Prefix: 'images/exact/', MaxKeys: 999 });
    assert.deepEqual(
      split.map((p) => p.KeyCount),
      [999, 1],
    );
    assert.equal(split[1]!.Contents![0]!.Key, 'images/exact/0999');
  });

  test('250 common prefixes and 10 keys beside them: all in one page, and the same paged by 7', async () => {
    const keys: string[] = [];
    for (let d = 0; d < 250; d++) {
      for (let f = 0; f < 3; f++) keys.push(`images/tree/${String(d).padStart(3, '0')}/${f}.png`);
    }
    for (let f = 0; f < 10; f++) keys.push(`images/tree/loose-${f}.png`);
    plant(keys);
    const prefixes = Array.from({ length: 250 }, (_, d) => `images/tree/${String(d).padStart(3, '0')}/`);
    const loose = Array.from({ length: 10 }, (_, f) => `images/tree/loose-${f}.png`);
    const [one, ...rest] = await pages({ Prefix: 'images/tree/', Delimiter: '/' });
    assert.equal(rest.length, 0);
    assert.equal(one!.KeyCount, 260);
    assert.deepEqual(
      one!.CommonPrefixes?.map((p) => p.Prefix),
      prefixes,
    );
    assert.deepEqual(
      one!.Contents?.map((c) => c.Key),
      loose,
    );
    const paged = await pages({ Prefix: 'images/tree/', Delimiter: '/', MaxKeys: 7 });
    assert.equal(paged.length, Math.ceil(260 / 7));
    assert.deepEqual(
      paged.flatMap((p) => p.CommonPrefixes?.map((x) => x.Prefix) ?? []),
      prefixes,
    );
    assert.deepEqual(
      paged.flatMap((p) => p.Contents?.map((c) => c.Key) ?? []),
      loose,
    );
  });

  test('keys and a prefix holding &, < and > come back as written; StartAfter skips as S3 does', async () => {
    const keys = ['images/x&y/a<b>.txt', 'images/x&y/c&amp;.txt', 'images/x&y/d>e.txt'];
    plant(keys);
    const [page] = await pages({ Prefix: 'images/x&y/', StartAfter: 'images/x&y/a<b>.txt' });
    assert.equal(page!.Prefix, 'images/x&y/');
    assert.equal(page!.StartAfter, 'images/x&y/a<b>.txt');
    assert.deepEqual(
      page!.Contents?.map((c) => c.Key),
      keys.slice(1),
    );
  });

  test('a checksum the uploader sent is listed with its algorithm; FetchOwner adds the owner, and only then', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'images/sum/a.txt', Body: 'a', ChecksumAlgorithm: 'SHA256' }),
    );
    const [plain] = await pages({ Prefix: 'images/sum/' });
    assert.deepEqual(plain!.Contents![0]!.ChecksumAlgorithm, ['SHA256']);
    assert.equal(plain!.Contents![0]!.ChecksumType, 'FULL_OBJECT');
    assert.equal(plain!.Contents![0]!.Owner, undefined);
    const [owned] = await pages({ Prefix: 'images/sum/', FetchOwner: true });
    assert.match(owned!.Contents![0]!.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
  });
});

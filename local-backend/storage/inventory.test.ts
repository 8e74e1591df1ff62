import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createLogger } from '../log.ts';
import type { SchedulerClock } from '../schedules/scheduler.ts';
import { BUCKET } from './index.ts';
import { appInventory } from './inventory-testing.ts';
import { startInventory } from './inventory-schedule.ts';
import { writeInventory } from './inventory.ts';
import { fakeIdentity, startStorage } from './testing.ts';

// S3 Inventory reports as the local S3 writes them, read back through the AWS SDK as any reader
// (Athena, a function, the CLI) would: the manifest's documented fields, its files' sizes and
// MD5s, gzipped CSV with every value quoted and keys URL-encoded, the columns it names.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
const CONFIG = appInventory();
const BASE = `reports/inventory/${BUCKET}/files-daily`;
const KEYS = ['images/a b.png', 'images/1/x+y,"z".jpg', 'images/1/é 😀.gif', 'images/2/plain.txt'];

let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
let s3: S3Client;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inventory-'));
  running = await startStorage(dataDir, identity, 0, {
    bucket: { friendlyName: 'files', versioning: 'Enabled', lifecycle: [], grants: [], inventory: [CONFIG] },
  });
  s3 = new S3Client({ endpoint: running.base, forcePathStyle: true, region: 'us-east-1', credentials: admin });
  for (const key of KEYS) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `body of ${key}` }));
  }
  // Outside the configured prefix (and where only the orphan scan may write, so planted directly).
  const outside = running.storage.store.newBody();
  writeFileSync(outside.path, 'x');
  running.storage.store.commit('reports/not-in-it.txt', outside.file, {
    size: 1,
    etag: createHash('md5').update('x').digest('hex'),
    contentType: 'text/plain',
    metadata: {},
  });
});
after(async () => {
  s3.destroy();
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const bytesOf = async (key: string) =>
  Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray());

/** RFC 4180 rows: quoted values, "" inside quotes is one quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const values = [...line.matchAll(/"((?:[^"]|"")*)"(?:,|$)/g)].map((m) => m[1]!.replace(/""/g, '"'));
    assert.equal(values.map((v) => `"${v.replace(/"/g, '""')}"`).join(','), line, 'every value is quoted');
    rows.push(values);
  }
  return rows;
}

/** Reads a report as a reader would: manifest → each data file, checked against its size and MD5. */
async function readReport(manifestKey: string) {
  const manifest = JSON.parse((await bytesOf(manifestKey)).toString('utf8')) as {
    files: { key: string; size: number; MD5checksum: string }[];
    fileSchema: string;
  } & Record<string, unknown>;
  const rows: string[][] = [];
  for (const file of manifest.files) {
    const gz = await bytesOf(file.key);
    assert.equal(gz.length, file.size);
    assert.equal(createHash('md5').update(gz).digest('hex'), file.MD5checksum);
    rows.push(...parseCsv(gunzipSync(gz).toString('utf8')));
  }
  return { manifest, rows };
}

describe('S3 Inventory', () => {
  test('on demand: manifest.json and manifest.checksum under <prefix>/<bucket>/<id>/<stamp>/, CSVs under data/', async () => {
    const [report] = await running.storage.writeInventory();
    assert.match(report!.manifestKey, new RegExp(`^${BASE}/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\dZ/manifest\\.json$`));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${BASE}/` }));
    const keys = listed.Contents!.map((c) => c.Key!);
    assert.deepEqual(
      keys.filter((k) => k.endsWith('manifest.json')),
      [report!.manifestKey],
    );
    assert.ok(keys.includes(report!.manifestKey.replace('manifest.json', 'manifest.checksum')));
    assert.ok(report!.dataKeys.length === 1 && /\/data\/[0-9a-f-]{36}\.csv\.gz$/.test(report!.dataKeys[0]!));

    const { manifest, rows } = await readReport(report!.manifestKey);
    assert.deepEqual(Object.keys(manifest).sort(), [
      'creationTimestamp',
      'destinationBucket',
      'fileFormat',
      'fileSchema',
      'files',
      'sourceBucket',
      'version',
    ]);
    assert.equal(manifest['sourceBucket'], BUCKET);
    assert.equal(manifest['destinationBucket'], `arn:aws:s3:::${BUCKET}`);
    assert.equal(manifest['version'], '2016-11-30');
    assert.equal(manifest['fileFormat'], 'CSV');
    assert.equal(manifest.fileSchema, 'Bucket, Key, Size, LastModifiedDate, ETag');
    assert.ok(Math.abs(Number(manifest['creationTimestamp']) - Date.now()) < 60_000);
    const checksum = (await bytesOf(report!.manifestKey.replace('manifest.json', 'manifest.checksum'))).toString();
    assert.equal(
      checksum,
      createHash('md5')
        .update(await bytesOf(report!.manifestKey))
        .digest('hex'),
    );

    // Every object under images/ and nothing else (not the report itself, not reports/), in key order.
    const byKey = new Map(rows.map((r) => [decodeURIComponent(r[1]!), r]));
    assert.deepEqual(
      rows.map((r) => decodeURIComponent(r[1]!)),
      [...KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    assert.ok(
      rows.every((r) => r.length === 5 && r[0] === BUCKET && !/[ ,"+é]/.test(r[1]!)),
      'keys URL-encoded',
    );
    // The same size, date (to the millisecond) and ETag as a listing shows.
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'images/' }));
    for (const o of listing.Contents!) {
      const [, , size, modified, etag] = byKey.get(o.Key!)!;
      assert.deepEqual([Number(size), modified, `"${etag}"`], [o.Size, o.LastModified!.toISOString(), o.ETag]);
    }
    assert.equal(listing.KeyCount, KEYS.length);
  });

  test('many files: at most the rows asked for in each, the same rows as in one', async () => {
    const report = await writeInventory(running.storage.store, BUCKET, CONFIG, new Date(), 3);
    assert.equal(report.dataKeys.length, 2);
    const { manifest, rows } = await readReport(report.manifestKey);
    assert.equal(manifest.files.length, 2);
    assert.deepEqual(rows.map((r) => decodeURIComponent(r[1]!)).sort(), [...KEYS].sort());
  });

  test('all versions: VersionId, IsLatest and IsDeleteMarker after Key, a deleted key as its marker and its version', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'images/2/plain.txt' }));
    const report = await writeInventory(running.storage.store, BUCKET, {
      ...CONFIG,
      id: 'all-versions',
      includedVersions: 'All',
    });
    const { manifest, rows } = await readReport(report.manifestKey);
    assert.equal(manifest.fileSchema, 'Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag');
    const plain = rows.filter((r) => r[1] === 'images/2/plain.txt');
    assert.deepEqual(
      plain.map((r) => [r[3], r[4], r[5] === '' ? 'no size' : 'size']),
      [
        ['true', 'true', 'no size'],
        ['false', 'false', 'size'],
      ],
    );
    assert.ok(plain.every((r) => /^[A-Za-z0-9_-]{32}$/.test(r[2]!)));
  });

  test('delivered on schedule: daily at midnight UTC, again the next day; stopped, no more', async () => {
    let now = Date.UTC(2026, 0, 1, 22, 0);
    const timers: { at: number; fire: () => void }[] = [];
    const clock: SchedulerClock = {
      now: () => now,
      setTimer: (ms, fire) => {
        const t = { at: now + ms, fire };
        timers.push(t);
        return { cancel: () => timers.splice(timers.indexOf(t), 1) };
      },
    };
    const schedule = startInventory(running.storage.store, BUCKET, [CONFIG], createLogger('error'), clock);
    assert.deepEqual(
      timers.map((t) => new Date(t.at).toISOString()),
      ['2026-01-02T00:00:00.000Z'],
    );
    now = timers[0]!.at;
    timers.shift()!.fire();
    await new Promise((r) => setTimeout(r, 500));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${BASE}/2026-01-02T00-00Z/` }));
    assert.deepEqual(
      listed.Contents?.map((c) => c.Key!.split('/').at(-1)),
      ['manifest.checksum', 'manifest.json'],
    );
    assert.deepEqual(
      timers.map((t) => new Date(t.at).toISOString()),
      ['2026-01-03T00:00:00.000Z'],
    );
    schedule.stop();
    assert.equal(timers.length, 0);
  });
});

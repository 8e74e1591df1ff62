/**
 * The orphan-scan function (amplify/functions/orphan-scan) as the local backend runs it: fired by
 * its synthesized schedule, its SDKs reaching the local S3 and DynamoDB with its role's grants, at
 * 10,000 objects with known orphans, dangling references and shared files planted in the stores.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { OrphanScanSummary } from '../../amplify/functions/orphan-scan/handler.ts';
import { compileAccessRules, isAllowed } from '../storage/access-rules.ts';
import { BUCKET } from '../storage/index.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import type { IssuedCredentials } from '../identity/api.ts';

let backend: TestBackend;
const HOUR = 3_600_000;
const orphans = new Set<string>();
const young = new Set<string>();
const dangling = new Set<string>(); // `${model}/${id}/${path}`
const shared = new Map<string, string[]>(); // path → `${model}/${id}` sorted
let songs = 0;
/** The listing scan's summary, which the scan from an inventory report must match. */
let listed: OrphanScanSummary | undefined;

before(async () => {
  backend = await startTestBackend({ seed: false, logLevel: 'error' });
  const store = backend.data!.store;
  const objects = backend.storage!.store;
  const files: { key: string; age: number }[] = [];
  const now = new Date().toISOString();
  const song = (coverArtPath: string) => {
    const id = randomUUID();
    store.insert('Song', id, { id, name: 's', coverArtPath, __typename: 'Song', createdAt: now, updatedAt: now });
    songs++;
    return id;
  };
  const albumImages: string[] = [];
  const albumOf = new Map<string, string>();
  store.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const id = randomUUID();
      const key = `images/${id}/cover-${i}.png`;
      store.insert('Song', id, {
        id,
        name: `song ${i}`,
        coverArtPath: key,
        __typename: 'Song',
        createdAt: now,
        updatedAt: now,
      });
      songs++;
      files.push({ key, age: 48 * HOUR });
    }
    for (let i = 0; i < 500; i++) {
      const id = randomUUID();
      const paths = Array.from({ length: 12 }, (_, j) => `images/${id}/${j}-photo.png`);
      for (const p of paths) {
        files.push({ key: p, age: 48 * HOUR });
        albumImages.push(p);
        albumOf.set(p, id);
      }
      if (i < 50) {
        const missing = `images/${id}/gone-${i}.png`;
        paths.push(missing);
        dangling.add(`PhotoAlbum/${id}/${missing}`);
      }
      store.insert('PhotoAlbum', id, {
        id,
        name: `album ${i}`,
        imagePaths: paths,
        __typename: 'PhotoAlbum',
        createdAt: now,
        updatedAt: now,
      });
    }
    for (let i = 0; i < 150; i++) {
      const path = `images/${randomUUID()}/missing-${i}.png`;
      dangling.add(`Song/${song(path)}/${path}`);
    }
    for (let i = 0; i < 100; i++) {
      const path = albumImages[i * 7]!;
      shared.set(path, [`PhotoAlbum/${albumOf.get(path)}`, `Song/${song(path)}`].sort());
    }
    for (let i = 0; i < 20; i++) song(`https://example.com/${i}.png`);
  });
  for (let i = 0; i < 1000; i++) {
    const key = `images/${randomUUID()}/stray-${i}.png`;
    orphans.add(key);
    if (i >= 700) young.add(key);
    files.push({ key, age: i >= 700 ? 60_000 : 3 * HOUR });
  }
  assert.equal(files.length, 10_000);
  await Promise.all(
    files.map(({ key, age }) =>
      objects.commitSoon(key, objects.newBody().file, {
        size: 512,
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        contentType: 'image/png',
        metadata: {},
        lastModified: new Date(Date.now() - age),
      }),
    ),
  );
});

after(() => backend?.stop());

/** A report object's content as the bucket holds it. */
function read(key: string): Buffer {
  const objects = backend.storage!.store;
  const meta = objects.head(key);
  assert.ok(meta, `${key} is in the bucket`);
  return readFileSync(objects.path(meta));
}
function lines<T>(keys: string[]): T[] {
  return keys.flatMap((k) =>
    gunzipSync(read(k))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T),
  );
}

test('the synthesized daily schedule fires the scan, which reports exactly the planted orphans, dangling and shared files', async () => {
  const schedules = backend.schedules;
  assert.ok(schedules, 'the backend runs the synthesized schedules');
  const [schedule] = schedules.scheduler.schedules;
  assert.equal(schedule?.functionName, 'orphan-scan');
  assert.equal(schedule?.expression, 'cron(0 0 * * ? *)');
  const next = schedules.scheduler.nextFireTimes()[schedule.name]!;
  assert.equal(new Date(next).toISOString().slice(11), '00:00:00.000Z', 'next fire is the coming midnight UTC');

  const [summary] = (await schedules.scheduler.fireNow('orphan-scan')) as OrphanScanSummary[];
  assert.ok(summary);
  listed = summary;
  assert.equal(summary.startedBy, 'schedule');
  assert.equal(summary.source, 'listing', 'no inventory report yet: the scan lists');
  assert.equal(summary.inventory, undefined);
  assert.equal(summary.totals.files, 10_000);
  assert.equal(summary.totals.records['Song'], songs);
  assert.equal(summary.totals.records['PhotoAlbum'], 500);
  assert.deepEqual(summary.totals.unchecked, { 'Song.coverArtPath': 20 });

  const reportedOrphans = lines<{ path: string; young: boolean; ownerId: string; prefix: string }>(
    summary.pages.orphans,
  );
  assert.deepEqual(new Set(reportedOrphans.map((o) => o.path)), orphans);
  assert.deepEqual(new Set(reportedOrphans.filter((o) => o.young).map((o) => o.path)), young);
  assert.ok(reportedOrphans.every((o) => o.prefix === 'images/' && o.path.startsWith(`images/${o.ownerId}/`)));

  const reportedDangling = lines<{ model: string; id: string; path: string }>(summary.pages.dangling);
  assert.deepEqual(new Set(reportedDangling.map((d) => `${d.model}/${d.id}/${d.path}`)), dangling);
  assert.equal(reportedDangling.length, dangling.size);

  const reportedShared = lines<{ path: string; refs: { model: string; id: string }[] }>(summary.pages.shared);
  assert.deepEqual(
    new Map(reportedShared.map((s) => [s.path, s.refs.map((r) => `${r.model}/${r.id}`).sort()])),
    shared,
  );
  assert.equal(summary.totals.orphaned, 1000);
  assert.equal(summary.totals.dangling, 200);
  assert.equal(summary.totals.shared, 100);
  assert.deepEqual(summary.totals.fields['PhotoAlbum.imagePaths'], { references: 6050, dangling: 50 });

  assert.match(summary.reportPrefix, /^reports\/[^/]+\/$/);
  assert.deepEqual(JSON.parse(read(`${summary.reportPrefix}summary.json`).toString()), summary);
  assert.deepEqual(JSON.parse(read('reports/latest.json').toString()), summary);
});

test("the function's role writes only under reports/, and no group role may write there", async () => {
  const fn = backend.data!.definitions.functions!.find((f) => f.name === 'orphan-scan')!;
  const creds = backend.identityService.admin.issueRoleCredentials('orphan-scan-role/orphan-scan', []);
  backend.storage!.functionRoles.add(creds, 'orphan-scan-role/orphan-scan', fn.bucketGrants ?? []);
  const s3 = new S3Client({ endpoint: backend.baseUrl, region: 'us-east-1', forcePathStyle: true, credentials: creds });
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'reports/probe.json', Body: '{}' }));
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'images/probe.png', Body: 'x' })),
    (err: Error) => err.name === 'AccessDenied',
  );
  assert.equal(backend.storage!.store.head('images/probe.png'), undefined);

  const policy = compileAccessRules();
  for (const group of ['ADMINS', 'OPERATORS', 'VIEWERS']) {
    const caller = { role: { kind: 'group', group }, identityId: 'us-east-1:x' } as IssuedCredentials;
    assert.equal(isAllowed(policy, caller, 'get', 'reports/latest.json'), true, `${group} reads reports`);
    assert.equal(isAllowed(policy, caller, 'write', 'reports/latest.json'), false, `${group} cannot write reports`);
    assert.equal(isAllowed(policy, caller, 'delete', 'reports/latest.json'), false, `${group} cannot delete reports`);
  }
});

test('from a fresh S3 Inventory report the scan finds the same orphans, dangling and shared files, and a referenced file newer than the report by HeadObject', async () => {
  assert.ok(listed, 'the listing scan ran first');
  const [report] = await backend.storage!.writeInventory();
  assert.ok(report, 'amplify/backend.ts configures an inventory the local S3 delivers');
  // Written after the report, so not in it, and referenced by a new song: not dangling.
  const late = `images/${randomUUID()}/late-cover.png`;
  await backend.storage!.store.commitSoon(late, backend.storage!.store.newBody().file, {
    size: 700,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
    contentType: 'image/png',
    metadata: {},
    lastModified: new Date(Date.now() + 1000),
  });
  const lateSong = randomUUID();
  const now = new Date().toISOString();
  backend.data!.store.insert('Song', lateSong, {
    id: lateSong,
    name: 'late',
    coverArtPath: late,
    __typename: 'Song',
    createdAt: now,
    updatedAt: now,
  });
  songs++;

  const [summary] = (await backend.schedules!.scheduler.fireNow('orphan-scan')) as OrphanScanSummary[];
  assert.ok(summary);
  assert.equal(summary.source, 'inventory');
  assert.equal(summary.inventory?.manifestKey, report.manifestKey);
  assert.ok(Date.parse(summary.inventory.createdAt) <= Date.parse(summary.startedAt));

  const sets = (s: OrphanScanSummary) => ({
    orphans: new Set(lines<{ path: string }>(s.pages.orphans).map((o) => o.path)),
    young: new Set(
      lines<{ path: string; young: boolean }>(s.pages.orphans)
        .filter((o) => o.young)
        .map((o) => o.path),
    ),
    dangling: new Set(
      lines<{ model: string; id: string; path: string }>(s.pages.dangling).map((d) => `${d.model}/${d.id}/${d.path}`),
    ),
    shared: new Map(
      lines<{ path: string; refs: { model: string; id: string }[] }>(s.pages.shared).map((x) => [
        x.path,
        x.refs.map((r) => `${r.model}/${r.id}`).sort(),
      ]),
    ),
  });
  const fromReport = sets(summary);
  assert.deepEqual(fromReport, sets(listed));
  assert.deepEqual(fromReport.orphans, orphans);
  assert.deepEqual(fromReport.dangling, dangling);
  assert.equal(fromReport.dangling.size, 200);
  assert.ok(![...fromReport.dangling].some((d) => d.endsWith(late)), 'the late file is found, not dangling');
  assert.deepEqual(fromReport.shared, shared);

  const { totals } = summary;
  assert.equal(totals.files, 10_001, "the report's 10,000 files and the late one HeadObject found");
  assert.equal(totals.referenced, listed.totals.referenced + 1);
  assert.equal(totals.bytes, listed.totals.bytes + 700);
  assert.equal(totals.orphaned, 1000);
  assert.equal(totals.orphanedBytes, listed.totals.orphanedBytes);
  assert.equal(totals.dangling, 200);
  assert.equal(totals.shared, 100);
  assert.deepEqual(totals.fields, {
    ...listed.totals.fields,
    'Song.coverArtPath': {
      ...listed.totals.fields['Song.coverArtPath']!,
      references: listed.totals.fields['Song.coverArtPath']!.references + 1,
    },
  });
  assert.equal(totals.records['Song'], songs);
  assert.deepEqual(JSON.parse(read('reports/latest.json').toString()), summary);
});

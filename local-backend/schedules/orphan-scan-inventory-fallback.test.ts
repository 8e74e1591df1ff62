/**
 * When the orphan scan does not trust the newest S3 Inventory report it lists the bucket instead,
 * says why in the summary (`listedBecause`), and finds the same orphans: a report older than 48 h,
 * a manifest that is not JSON, one whose data file is gone, and a configuration that does not
 * cover a scanned prefix. A whole, fresh report is read (the checks do not always refuse).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import type { OrphanScanSummary } from '../../amplify/functions/orphan-scan/handler.ts';
import { usableInventory } from '../../amplify/functions/orphan-scan/inventory-source.ts';
import { BUCKET } from '../storage/index.ts';
import { appInventory } from '../storage/inventory-testing.ts';
import { writeInventory } from '../storage/inventory.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';

const HOUR = 3_600_000;
const CONFIG = appInventory();
let backend: TestBackend;
const orphans = new Set<string>();

function put(key: string, body: string, lastModified = new Date(Date.now() - 3 * HOUR)): void {
  const objects = backend.storage!.store;
  const target = objects.newBody();
  writeFileSync(target.path, body);
  objects.commit(key, target.file, {
    size: body.length,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
    contentType: 'image/png',
    metadata: {},
    lastModified,
  });
}

/** A report made `hoursAgo` (its folder named by that time, so the newest made is the one read). */
const report = (hoursAgo: number) =>
  writeInventory(backend.storage!.store, BUCKET, CONFIG, new Date(Date.now() - hoursAgo * HOUR), 20);

async function scan(): Promise<OrphanScanSummary> {
  const [summary] = (await backend.schedules!.scheduler.fireNow('orphan-scan')) as OrphanScanSummary[];
  assert.ok(summary);
  const found = summary.pages.orphans.flatMap((key) =>
    gunzipSync(readFileSync(backend.storage!.store.path(backend.storage!.store.head(key)!)))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { path: string }).path),
  );
  assert.deepEqual(new Set(found), orphans, 'the planted orphans, whatever the source');
  return summary;
}

before(async () => {
  backend = await startTestBackend({ seed: false, logLevel: 'error' });
  const store = backend.data!.store;
  const now = new Date().toISOString();
  for (let i = 0; i < 60; i++) {
    const id = randomUUID();
    const path = `images/${id}/cover.png`;
    store.insert('Song', id, {
      id,
      name: `s${i}`,
      coverArtPath: path,
      __typename: 'Song',
      createdAt: now,
      updatedAt: now,
    });
    put(path, 'png');
  }
  for (let i = 0; i < 15; i++) {
    const path = `images/${randomUUID()}/stray.png`;
    orphans.add(path);
    put(path, 'png');
  }
});

after(() => backend?.stop());

test('no report yet: the scan lists, and says so', async () => {
  const summary = await scan();
  assert.equal(summary.source, 'listing');
  assert.equal(summary.listedBecause, 'no inventory report yet');
});

test('a report older than 48 h: the scan lists', async () => {
  const old = await report(49);
  const summary = await scan();
  assert.equal(summary.source, 'listing');
  assert.equal(summary.inventory, undefined);
  assert.equal(summary.listedBecause, `inventory ${old.manifestKey} was made 49 h ago (one at most 48 h old is used)`);
});

test('a manifest that is not JSON: the scan lists', async () => {
  const broken = await report(3);
  put(broken.manifestKey, '{"sourceBucket": ');
  const summary = await scan();
  assert.equal(summary.source, 'listing');
  assert.equal(summary.listedBecause, `inventory ${broken.manifestKey}: the manifest is not JSON`);
});

test('a manifest naming a data file that is gone: the scan lists', async () => {
  const made = await report(2);
  const manifest = JSON.parse(
    readFileSync(backend.storage!.store.path(backend.storage!.store.head(made.manifestKey)!), 'utf8'),
  ) as { files: { key: string }[] };
  assert.ok(manifest.files.length > 1, 'a report of several data files');
  const gone = manifest.files[1]!.key;
  backend.storage!.store.deleteObject(gone);
  const summary = await scan();
  assert.equal(summary.source, 'listing');
  assert.equal(summary.listedBecause, `inventory ${made.manifestKey}: its data file ${gone} is missing`);
});

test('a whole report under 48 h old is read instead of listing', async () => {
  const made = await report(1);
  const summary = await scan();
  assert.equal(summary.source, 'inventory');
  assert.equal(summary.inventory?.manifestKey, made.manifestKey);
  assert.equal(summary.listedBecause, undefined);
});

test('a configuration that does not cover every scanned prefix: the scan would list', async () => {
  const fn = backend.data!.definitions.functions!.find((f) => f.name === 'orphan-scan')!;
  const principal = 'orphan-scan-role/orphan-scan';
  const creds = backend.identityService.admin.issueRoleCredentials(principal, []);
  backend.storage!.functionRoles.add(creds, principal, fn.bucketGrants ?? []);
  const s3 = new S3Client({ endpoint: backend.baseUrl, region: 'us-east-1', forcePathStyle: true, credentials: creds });
  try {
    const covered = await usableInventory(s3, BUCKET, ['images/'], Date.now());
    assert.ok(covered.manifest, 'the fresh report covers images/');
    const choice = await usableInventory(s3, BUCKET, ['images/', 'documents/'], Date.now());
    assert.equal(choice.manifest, undefined);
    assert.deepEqual(choice, { reason: 'the inventory covers images/ only, not documents/' });
  } finally {
    s3.destroy();
  }
});

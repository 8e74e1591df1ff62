import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inventoryObjects, latestInventory } from '../../amplify/functions/orphan-scan/inventory-source.ts';
import { BUCKET } from '../storage/index.ts';
import { appInventory } from '../storage/inventory-testing.ts';
import { writeInventory } from '../storage/inventory.ts';
import { fakeIdentity, startStorage } from '../storage/testing.ts';

// The orphan scan's inventory reader against the local S3's reports at 10,000 objects: the newest
// report, read manifest → gzipped CSVs, holds exactly what a full listing held when it was made.

const OBJECTS = 10_000;
const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
const CONFIG = appInventory();
let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
let s3: S3Client;

function plant(keys: string[], lastModified: Date): void {
  for (const key of keys) {
    const body = Buffer.from(key);
    const target = running.storage.store.newBody();
    writeFileSync(target.path, body);
    running.storage.store.commit(key, target.file, {
      size: body.length,
      etag: createHash('md5').update(body).digest('hex'),
      contentType: 'image/png',
      metadata: {},
      lastModified,
    });
  }
}

async function listAll(prefix: string) {
  const out = new Map<string, [number, number]>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) out.set(o.Key!, [o.Size!, o.LastModified!.getTime()]);
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'orphan-scan-inventory-'));
  running = await startStorage(dataDir, identity, 0, {
    bucket: { friendlyName: 'files', lifecycle: [], grants: [], inventory: [CONFIG] },
  });
  s3 = new S3Client({ endpoint: running.base, forcePathStyle: true, region: 'us-east-1', credentials: admin });
  const keys = Array.from({ length: OBJECTS }, (_, i) => `images/${i % 313}/${i}-photo ${i % 7 ? 'a' : 'é+b'}.png`);
  plant(keys, new Date(Date.now() - 3 * 24 * 3600_000));
});
after(async () => {
  s3.destroy();
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('orphan scan: S3 Inventory as its source', () => {
  test('the newest report holds exactly what a full listing held when it was made', async () => {
    await writeInventory(running.storage.store, BUCKET, CONFIG, new Date(Date.now() - 2 * 24 * 3600_000), 4000);
    const atReport = await listAll('images/');
    const made = new Date(Date.now() - 24 * 3600_000);
    const newest = await writeInventory(running.storage.store, BUCKET, CONFIG, made, 4000);
    // Written after it: not in it, as in S3.
    plant(['images/late/1.png'], new Date());

    const manifest = await latestInventory(s3, BUCKET);
    assert.equal(manifest?.key, newest.manifestKey);
    assert.equal(manifest.creationTimestamp, String(made.getTime()));
    assert.equal(manifest.files.length, 3);
    const fromReport = new Map<string, [number, number]>();
    for await (const o of inventoryObjects(s3, BUCKET, manifest, ['images/'])) {
      fromReport.set(o.key, [o.size, o.lastModified]);
    }
    assert.equal(fromReport.size, OBJECTS);
    assert.deepEqual(fromReport, atReport);
    // What is newer than the report is found by the listing.
    const newer = [...(await listAll('images/'))].filter(([, [, at]]) => at > made.getTime()).map(([k]) => k);
    assert.deepEqual(newer, ['images/late/1.png']);
  });

  test('no report yet: undefined, so the scan lists', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'orphan-scan-inventory-none-'));
    const other = await startStorage(empty, identity, 0);
    const client = new S3Client({
      endpoint: other.base,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: admin,
    });
    try {
      assert.equal(await latestInventory(client, BUCKET), undefined);
    } finally {
      client.destroy();
      await other.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLogger } from '../log.ts';
import { BUCKET } from './index.ts';
import { appInventory } from './inventory-testing.ts';
import { BucketNotifications } from './notifications.ts';
import { fakeIdentity, startStorage } from './testing.ts';

// S3 delivers an inventory report as PUTs by the service into the destination, and those fire the
// bucket's ObjectCreated notifications: S3's guide sets one on `manifest.checksum` to learn that a
// report is complete ("Setting up Amazon S3 event notifications for inventory completion"). The
// principal and source address of a service's own write are `s3.amazonaws.com`, as in S3's
// lifecycle event example.

const { identity, issue } = fakeIdentity();
const admin = issue('admin', ['ADMINS']);
const CONFIG = appInventory({ fields: ['Size'] });

interface Seen {
  Records: {
    eventName: string;
    userIdentity: { principalId: string };
    requestParameters: { sourceIPAddress: string };
    s3: { object: { key: string; size: number; eTag: string } };
  }[];
}

let dataDir: string;
let running: Awaited<ReturnType<typeof startStorage>>;
let notifications: BucketNotifications;
const seen: Seen['Records'][number][] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inventory-delivery-'));
  running = await startStorage(dataDir, identity, 0, {
    bucket: { friendlyName: 'files', versioning: 'Enabled', lifecycle: [], grants: [], inventory: [CONFIG] },
  });
  notifications = new BucketNotifications({
    bucket: BUCKET,
    region: 'us-east-1',
    // A trigger on the reports only, as S3's guide sets one up for inventory completion.
    triggers: [{ functionName: 'on-report', events: ['s3:ObjectCreated:*'], prefix: 'reports/' }],
    invoke: async (_fn, event) => void seen.push(...(event as Seen).Records),
    log: createLogger('error'),
  });
  running.storage.onObjectEvent(notifications.sink);
  const s3 = new S3Client({ endpoint: running.base, forcePathStyle: true, region: 'us-east-1', credentials: admin });
  for (let i = 0; i < 3; i++) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `images/${i}.png`, Body: `file ${i}` }));
  }
  s3.destroy();
});
after(async () => {
  notifications.close();
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("every report file is an ObjectCreated:Put by the service that the bucket's trigger hears of", async () => {
  const [report] = await running.storage.writeInventory();
  await notifications.settled();
  const folder = report!.manifestKey.replace(/manifest\.json$/, '');
  // The data files first, then the manifest, then its checksum (the report is complete).
  assert.deepEqual(
    seen.map((r) => r.s3.object.key),
    [...report!.dataKeys, `${folder}manifest.json`, `${folder}manifest.checksum`],
  );
  for (const r of seen) {
    assert.equal(r.eventName, 'ObjectCreated:Put');
    assert.equal(r.userIdentity.principalId, 's3.amazonaws.com');
    assert.equal(r.requestParameters.sourceIPAddress, 's3.amazonaws.com');
  }
  // The sizes and ETags the events carry are those of the stored objects.
  for (const r of seen) {
    const meta = running.storage.store.head(r.s3.object.key)!;
    assert.equal(r.s3.object.size, meta.size);
    assert.equal(r.s3.object.eTag, meta.etag);
  }
});

/**
 * Report retention: after a run has written latest.json, the orphan scan removes the report
 * folders of runs older than the newest ORPHAN_SCAN_KEEP_REPORTS (10 by default), never the
 * current run's, one young enough to be under way, latest.json or the inventory's folder. Run
 * against the local S3 with the function's own role.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import type { OrphanScanSummary } from '../../amplify/functions/orphan-scan/handler.ts';
import {
  DEFAULT_KEPT_REPORTS,
  keptReports,
  pruneReports,
  runStartOf,
} from '../../amplify/functions/orphan-scan/report-retention.ts';
import { BUCKET } from '../storage/index.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';

const DAY = 24 * 3_600_000;
let backend: TestBackend;
/** The scheduled run of the second test: seconds old in the third. */
let scannedRunId = '';

/** A run id as the function makes them, for a run that began at `at`. */
const runIdAt = (at: number) => `${new Date(at).toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;

function put(key: string, body = '{}'): void {
  const objects = backend.storage!.store;
  const target = objects.newBody();
  writeFileSync(target.path, body);
  objects.commit(key, target.file, {
    size: body.length,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
    contentType: 'application/json',
    metadata: {},
    lastModified: new Date(),
  });
}

/** A past run's folder: a page and its summary. */
function plantRun(runId: string): void {
  put(`reports/${runId}/orphans-0001.ndjson.gz`, 'x');
  put(`reports/${runId}/summary.json`, JSON.stringify({ runId }));
}

const has = (key: string) => backend.storage!.store.head(key) !== undefined;
const runFolders = () =>
  [...new Set(backend.storage!.store.list('reports/', '', 100_000).map((o) => o.key.split('/')[1]!))]
    .filter((name) => !Number.isNaN(runStartOf(name)))
    .sort();

/** An S3 client with the orphan scan's role, as its runtime makes it. */
function functionS3(): S3Client {
  const fn = backend.data!.definitions.functions!.find((f) => f.name === 'orphan-scan')!;
  const principal = 'orphan-scan-role/orphan-scan';
  const creds = backend.identityService.admin.issueRoleCredentials(principal, []);
  backend.storage!.functionRoles.add(creds, principal, fn.bucketGrants ?? []);
  return new S3Client({ endpoint: backend.baseUrl, region: 'us-east-1', forcePathStyle: true, credentials: creds });
}

before(async () => {
  backend = await startTestBackend({ seed: false, logLevel: 'error' });
  put('images/a/1.png', 'png');
});

after(() => backend?.stop());

test('the kept number is a setting: 10 by default, a bad value refused with the reason', () => {
  assert.equal(DEFAULT_KEPT_REPORTS, 10);
  assert.equal(keptReports(undefined), 10);
  assert.equal(keptReports('3'), 3);
  for (const bad of ['0', '-2', '2.5', 'ten']) {
    assert.throws(() => keptReports(bad), /ORPHAN_SCAN_KEEP_REPORTS must be a whole number of reports, at least 1/);
  }
  const fn = backend.data!.definitions.functions!.find((f) => f.name === 'orphan-scan')!;
  assert.equal(fn.environment['ORPHAN_SCAN_KEEP_REPORTS'], '10', 'resource.ts sets it');
});

test('a scheduled run keeps the newest 10 report folders and removes the older ones, whole', async () => {
  const now = Date.now();
  const old = Array.from({ length: 12 }, (_, i) => runIdAt(now - (i + 1) * DAY)).sort();
  for (const id of old) plantRun(id);
  const inventoryKey = `reports/inventory/${BUCKET}/files-daily/data/x.csv.gz`;
  put(inventoryKey, 'csv');

  const [summary] = (await backend.schedules!.scheduler.fireNow('orphan-scan')) as OrphanScanSummary[];
  assert.ok(summary);
  scannedRunId = summary.runId;

  const kept = runFolders();
  assert.equal(kept.length, 10);
  assert.deepEqual(kept, [...old.slice(-9), summary.runId].sort(), 'the current run and the 9 newest before it');
  for (const id of old.slice(0, 3)) {
    assert.equal(has(`reports/${id}/summary.json`), false, `${id}: summary removed`);
    assert.equal(has(`reports/${id}/orphans-0001.ndjson.gz`), false, `${id}: page removed`);
  }
  for (const id of old.slice(-9)) assert.ok(has(`reports/${id}/orphans-0001.ndjson.gz`), `${id} kept whole`);
  for (const key of [...summary.pages.orphans, `${summary.reportPrefix}summary.json`, 'reports/latest.json']) {
    assert.ok(has(key), `${key} kept`);
  }
  assert.ok(has(inventoryKey), 'the inventory folder is never touched');
});

test('a folder young enough to be a run under way is kept even beyond the kept number', async () => {
  const now = Date.now();
  const running = runIdAt(now - 5 * 60_000);
  const current = runIdAt(now);
  plantRun(running);
  plantRun(current);
  const s3 = functionS3();
  try {
    const removed = await pruneReports(s3, BUCKET, { keep: 1, currentRunId: current, now });
    assert.equal(removed.length, 9, 'the 9 planted runs, days old');
    assert.deepEqual(runFolders(), [scannedRunId, running, current].sort(), 'the runs of the last minutes stay');
    assert.ok(has('reports/latest.json'));
  } finally {
    s3.destroy();
  }
});

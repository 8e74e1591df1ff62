import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEMO_ACCOUNTS } from '../local-backend/identity/demo-accounts.ts';
import { startOnStoragePort } from '../integration/local-backend.ts';
import { probeSuite } from './support/probe-page.ts';
import type { Progress, StorageProbe, UploadReport } from './support/storage-probe.browser.ts';

const [, OPERATOR, VIEWER] = DEMO_ACCOUNTS;
const MiB = 1024 * 1024;

// The Storage client only reaches the local S3 on port 20005.
const suite = probeSuite('e2e/support/storage-probe.browser.ts', {
  start: () => startOnStoragePort(),
  setUp: ({ page, backend }) =>
    page.evaluate(
      (outputs) => (window as unknown as { probe: StorageProbe }).probe.configure(outputs),
      backend.outputs,
    ),
});

async function signInAs(account: (typeof DEMO_ACCOUNTS)[number]): Promise<void> {
  const signedIn = await suite.page.evaluate(
    ([email, password]) => (window as unknown as { probe: StorageProbe }).probe.signIn(email!, password!),
    [account.email, account.password],
  );
  assert.equal(signedIn, true, `sign-in as ${account.email}; page errors:\n${suite.errors.join('\n')}`);
}

function upload(path: string, size: number, cancelAfterBytes?: number): Promise<UploadReport> {
  return suite.page.evaluate(
    ([p, s, c]) =>
      (window as unknown as { probe: StorageProbe }).probe.upload(p as string, s as number, c as number | undefined),
    [path, size, cancelAfterBytes] as const,
  );
}

function assertProgressClimbsTo(progress: Progress[], size: number): void {
  assert.ok(progress.length > 0, 'progress events arrive');
  const sent = progress.map((p) => p.transferredBytes);
  assert.deepEqual(
    sent,
    [...sent].sort((a, b) => a - b),
    'transferred bytes never go back',
  );
  assert.equal(sent.at(-1), size, 'the last event reports every byte');
  assert.ok(
    progress.every((p) => p.totalBytes === size),
    'every event knows the total',
  );
}

test('a small upload in the browser reports progress up to its size and stores the bytes', async () => {
  await signInAs(OPERATOR);
  const size = 300 * 1024;
  const report = await upload('images/e2e-progress/small.bin', size);
  assert.equal(report.error, undefined);
  assertProgressClimbsTo(report.progress, size);
  assert.equal(report.stored, size);
  assert.equal(report.sameBytes, true);
});

test('an upload over 5 MiB goes in parts with progress along the way, and the bytes come back intact', async () => {
  await signInAs(OPERATOR);
  const size = 12 * MiB + 123;
  const report = await upload('images/e2e-progress/big.bin', size);
  assert.equal(report.error, undefined);
  assertProgressClimbsTo(report.progress, size);
  assert.ok(
    report.progress.some((p) => p.transferredBytes > 0 && p.transferredBytes < size),
    'progress is reported before the end',
  );
  assert.match(report.eTag ?? '', /-3"?$/, 'a multipart ETag names its part count');
  assert.equal(report.stored, size);
  assert.equal(report.sameBytes, true);
});

test('cancelling a multipart upload mid-way leaves no object and no parts behind', async () => {
  await signInAs(OPERATOR);
  const size = 20 * MiB;
  const report = await upload('images/e2e-progress/cancelled.bin', size, 6 * MiB);
  assert.equal(report.error, 'CanceledError');
  assert.ok((report.progress.at(-1)?.transferredBytes ?? 0) < size, 'cancelled before the end');
  assert.equal(report.stored, 'NotFound');
  // The client aborts the multipart upload after cancelling; the local S3 then drops its parts.
  const multipartDir = join(suite.backend.dataDir, 's3', 'multipart');
  for (let i = 0; i < 50 && readdirSync(multipartDir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(readdirSync(multipartDir), [], 'no upload left open');
});

test('a viewer’s upload is refused by the local S3 and stores nothing', async () => {
  await signInAs(VIEWER);
  const report = await upload('images/e2e-progress/viewer.bin', 1024);
  assert.equal(report.error, 'AccessDenied');
  assert.equal(report.stored, 'NotFound');
});

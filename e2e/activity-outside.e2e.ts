import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { BUCKET } from '../local-backend/storage/index.ts';
import { demoPng } from '../local-backend/storage/png.ts';
import { identityCredentials } from '../local-backend/testing/identity-credentials.ts';
import { axeViolations } from './support/axe.ts';
import { ADMIN, consoleSuite, signedIn } from './support/console-app.ts';
import { screenshotsInPlace } from './support/screenshots.ts';

/*
 * Changes made outside the console, in Chromium against the local backend: a file written and
 * deleted with @aws-sdk/client-s3 from this process (not the console) reaches the audit trail
 * through the bucket's storage trigger, and the Activity page lists both object events as made
 * outside the console.
 */
const suite = consoleSuite();

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a file deleted with the AWS SDK shows on the Activity page as a change outside the console', async () => {
  const key = `images/outside-e2e-${Date.now()}/left-by-a-script.png`;
  const s3 = new S3Client({
    endpoint: suite.backend.baseUrl,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: await identityCredentials(suite.backend, ADMIN.email, ADMIN.password),
  });
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: demoPng(8, 8, 8), ContentType: 'image/png' }));
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  await suite.backend.storageTriggers!.notifications.settled();

  const { page, context } = await signedIn(suite.browser, suite.app.url, ADMIN);
  try {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    const removed = page.getByRole('row').filter({ hasText: key }).filter({ hasText: 'File removed' });
    const written = page.getByRole('row').filter({ hasText: key }).filter({ hasText: 'File written' });
    await removed.waitFor({ timeout: 20_000 });
    assert.match(await removed.innerText(), /Outside the console\s+File removed\s+.*deleted \(restorable\)/s);
    assert.match(await written.innerText(), /Outside the console\s+File written\s+.*uploaded/s);

    await choose(page, 'Action', 'File removed');
    await written.waitFor({ state: 'detached' });
    await removed.waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await screenshotsInPlace(page, 'activity-outside', {
      focus: removed,
      atWidth: async (width, scheme) => {
        if (scheme === 'dark' && width === 375)
          assert.deepEqual(await axeViolations(page), [], 'dark, at a phone’s width');
      },
    });
  } finally {
    await context.close();
  }
});

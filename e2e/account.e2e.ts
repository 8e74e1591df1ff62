import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { loggedCode } from '../local-backend/testing/logged-code.ts';
import { startTestBackend } from '../local-backend/testing/test-backend.ts';
import { screenshot } from './support/browser.ts';
import { consoleSuite } from './support/console-app.ts';

// There is no mail: the local backend writes confirmation and reset codes to its log.
const log: string[] = [];
const suite = consoleSuite({ start: () => startTestBackend({ logLevel: 'info' }, (line) => log.push(line)) });

async function openSignIn(page: Page): Promise<void> {
  await page.goto(suite.app.url);
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
}

test('the console is invite-only: the sign-in page offers no way to create an account', async () => {
  // Sign-up is off (amplify/backend.ts); invited people sign in with a temporary password
  // (e2e/users.e2e.ts). The backend refuses SignUp itself (local-backend/user-admin.test.ts).
  const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await openSignIn(page);
  assert.equal(await page.getByRole('tab', { name: 'Create Account' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Create Account' }).count(), 0);
  await page.close();
});

test('a user who forgot the password resets it with the code and signs in with the new one', async () => {
  const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const email = 'viewer@example.com';
  await openSignIn(page);
  await page.getByRole('button', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();

  await page.getByPlaceholder('Code', { exact: true }).fill(await loggedCode(log, 'Password reset', email));
  await page.getByLabel('New Password', { exact: true }).fill('Viewer-Reset-2026');
  await page.getByLabel('Confirm Password').fill('Viewer-Reset-2026');
  await screenshot(page, 'account-reset-password');
  await page.getByRole('button', { name: 'Submit' }).click();

  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('Viewer-Reset-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('user-role').waitFor({ timeout: 15_000 });
  assert.equal((await page.getByTestId('user-role').innerText()).trim(), 'Viewer');
  await page.close();
});

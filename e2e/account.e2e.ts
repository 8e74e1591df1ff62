import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loggedCode } from '../amplify/local/testing/logged-code.ts';
import { startTestBackend, type TestBackend } from '../amplify/local/testing/test-backend.ts';
import { serveApp, type AppServer } from './support/app-server.ts';
import { collectErrors, launchBrowser, screenshot } from './support/browser.ts';

// There is no mail: the local backend writes confirmation and reset codes to its log.
const log: string[] = [];
let backend: TestBackend;
let app: AppServer;
let browser: Browser;

before(async () => {
  backend = await startTestBackend({ logLevel: 'info' }, (line) => log.push(line));
  app = await serveApp(backend.outputs);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await backend?.stop();
});

async function openSignIn(page: Page): Promise<void> {
  await page.goto(app.url);
  await page.getByRole('tab', { name: 'Sign In' }).waitFor();
}

test('a new user creates an account, confirms it with the code and is signed in without a role', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectErrors(page);
  const email = 'newcomer@example.com';
  await openSignIn(page);
  await page.getByRole('tab', { name: 'Create Account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('Newcomer-Pass-2026');
  await page.getByLabel('Confirm Password').fill('Newcomer-Pass-2026');
  await page.getByRole('button', { name: 'Create Account' }).click();

  await page.getByLabel('Confirmation Code').fill(await loggedCode(log, 'Confirmation', email));
  await screenshot(page, 'account-confirm-sign-up');
  await page.getByRole('button', { name: 'Confirm' }).click();

  const role = page.getByTestId('user-role');
  await role.waitFor({ timeout: 15_000 }).catch(async () => {
    await screenshot(page, 'account-after-confirm');
    throw new Error(`No shell after confirming. Page errors:\n${errors.join('\n')}`);
  });
  assert.equal((await role.innerText()).trim(), 'No role');
  assert.match(await page.getByTestId('user-menu').innerText(), /newcomer@example\.com/);
  await page.close();
});

test('a user who forgot the password resets it with the code and signs in with the new one', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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

  await page.getByRole('tab', { name: 'Sign In' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('Viewer-Reset-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('user-role').waitFor({ timeout: 15_000 });
  assert.equal((await page.getByTestId('user-role').innerText()).trim(), 'Viewer');
  await page.close();
});

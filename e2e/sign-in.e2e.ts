import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../local-backend/identity/demo-accounts.ts';
import { startTestBackend } from '../local-backend/testing/test-backend.ts';
import { collectErrors, screenshot } from './support/browser.ts';
import { fillSignIn, consoleSuite } from './support/console-app.ts';

const suite = consoleSuite({ start: () => startTestBackend() });

const ROLE_LABELS: Record<string, string> = { ADMINS: 'Admin', OPERATORS: 'Operator', VIEWERS: 'Viewer' };

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(suite.app.url);
  await fillSignIn(page, email, password);
}

for (const account of DEMO_ACCOUNTS) {
  test(`${account.group}: signs in through the Authenticator (SRP) and sees their role`, async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await signIn(page, account.email, account.password);
    const role = page.getByTestId('user-role');
    await role.waitFor({ timeout: 15_000 }).catch(() => {
      throw new Error(`No shell after sign-in. Page errors:\n${errors.join('\n')}`);
    });
    assert.equal((await role.innerText()).trim(), ROLE_LABELS[account.group]);
    assert.match(await page.getByTestId('user-menu').innerText(), new RegExp(account.email));
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await screenshot(page, `signed-in-${account.group.toLowerCase()}`);

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.close();
  });
}

test('a wrong password shows the Authenticator error and keeps the user out', async () => {
  const page = await suite.browser.newPage();
  await signIn(page, DEMO_ACCOUNTS[0]!.email, 'Wrong-Password-1');
  await page.getByText('Incorrect username or password.').waitFor();
  assert.equal(await page.getByTestId('user-role').count(), 0);
  await page.close();
});

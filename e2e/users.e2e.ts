import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startTestBackend } from '../local-backend/testing/test-backend.ts';
import { collectErrors, screenshot } from './support/browser.ts';
import { ADMIN, fillSignIn, signedIn, consoleSuite } from './support/console-app.ts';
import { screenshotsLightAndDark } from './support/screenshots.ts';

/*
 * Operator management in Chromium against the local backend, whose user-admin function is the
 * synthesized bundle: an admin invites an operator, who signs in with the temporary password from
 * the log and chooses their own; then is demoted, and disabled.
 */
const TOKEN_TTL_SECONDS = 8;
const log: string[] = [];
const EMAIL = 'invited.op@example.com';

const suite = consoleSuite({
  start: async () => {
    // Short-lived tokens, so "at the next token refresh" comes within the test.
    process.env['LOCAL_BACKEND_TOKEN_TTL_SECONDS'] = String(TOKEN_TTL_SECONDS);
    const started = await startTestBackend({ logLevel: 'info' }, (line) => log.push(line));
    delete process.env['LOCAL_BACKEND_TOKEN_TTL_SECONDS'];
    return started;
  },
});

function temporaryPassword(): string {
  const line = [...log].reverse().find((l) => l.includes(`Invitation for ${EMAIL}`));
  const password = line && /temporary password (\S+)/.exec(line)?.[1];
  if (!password) throw new Error(`no invitation for ${EMAIL} in the backend log`);
  return password;
}

async function role(page: Page): Promise<string> {
  return (await page.getByTestId('user-role').innerText()).trim();
}

test('an admin invites an operator, demotes them to viewer, then disables them', async () => {
  const admin = await signedIn(suite.browser, suite.app.url, ADMIN);
  await admin.page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Users' }).click();
  await admin.page.getByRole('heading', { name: 'Users' }).waitFor();
  await admin.page.getByRole('button', { name: 'Invite' }).click();
  const dialog = admin.page.getByRole('dialog');
  await dialog.getByLabel('Email').fill(EMAIL);
  await dialog.getByRole('combobox').click();
  await admin.page.getByRole('option', { name: 'Operator' }).click();
  await screenshot(admin.page, 'users-invite-dialog');
  await dialog.getByRole('button', { name: 'Invite' }).click();
  const row = admin.page.getByRole('row', { name: new RegExp(EMAIL.replace('.', '\\.')) });
  await row.waitFor();
  assert.match(await row.innerText(), /Invited/);
  // Reloaded at each size, as a phone would open it (the shell picks its layout at start).
  await screenshotsLightAndDark(admin.page, 'users-page', () =>
    admin.page.getByRole('row', { name: /invited\.op/ }).waitFor(),
  );

  // The invited person: temporary password from the log, then their own.
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(suite.app.url);
  await fillSignIn(page, EMAIL, temporaryPassword());
  await page.getByLabel('Password', { exact: true }).fill('Invited-Op-2026');
  await page.getByLabel('Confirm Password').fill('Invited-Op-2026');
  await screenshot(page, 'users-first-sign-in-new-password');
  await page.getByRole('button', { name: 'Change Password' }).click();
  await page
    .getByTestId('user-role')
    .waitFor({ timeout: 20_000 })
    .catch(() => {
      throw new Error(`No console after the new password. Page errors:\n${errors.join('\n')}`);
    });
  assert.equal(await role(page), 'Operator');
  // The Users page is for ADMINS only: not in the navigation, and a typed-in URL is refused.
  assert.equal(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Users' }).count(), 0);
  await page.goto(`${suite.app.url}/users`);
  await page.getByRole('heading', { name: 'Not allowed' }).waitFor();

  // Demoted: the console turns read-only once the person's tokens are refreshed.
  await admin.page.getByRole('combobox', { name: `Role of ${EMAIL}` }).click();
  await admin.page.getByRole('option', { name: 'Viewer' }).click();
  await admin.page.getByText(`${EMAIL} is now Viewer`).waitFor();
  await new Promise((r) => setTimeout(r, (TOKEN_TTL_SECONDS + 1) * 1000));
  await page.reload();
  await page.getByTestId('user-role').waitFor({ timeout: 20_000 });
  assert.equal(await role(page), 'Viewer');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Songs' }).click();
  await page.getByTestId('read-only').waitFor();

  // Disabled: signed out at the next refresh, and signing in again is refused.
  await admin.page
    .getByRole('row', { name: new RegExp(EMAIL.replace('.', '\\.')) })
    .getByRole('button', { name: 'Disable' })
    .click();
  await admin.page.getByText(`${EMAIL} is disabled`).waitFor();
  await new Promise((r) => setTimeout(r, (TOKEN_TTL_SECONDS + 1) * 1000));
  await page.reload();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
  await fillSignIn(page, EMAIL, 'Invited-Op-2026');
  await page.getByText('User is disabled.').waitFor();
  await screenshot(page, 'users-disabled-sign-in');
  await context.close();
  await admin.context.close();
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser.ts';
import { ADMIN, consoleSuite, signedIn, type SignedInPage } from './support/console-app.ts';

/*
 * A person whose session the backend ends — disabled or removed on the Users page, or signed out
 * everywhere — sees the sign-in page saying why, at their console's next request or load, instead
 * of a console whose pages wait forever. Two browsers: the admin's and the person's.
 */
const suite = consoleSuite();
const PASSWORD = 'Revoked-Op-2026';

/** A new operator, signed in in a browser of their own, with the Songs page open. */
async function openConsoleOf(email: string): Promise<SignedInPage> {
  const { userPool, store } = suite.backend.identityService;
  store.addToGroup(userPool.createUser(email, PASSWORD).sub, 'OPERATORS');
  const person = await signedIn(suite.browser, suite.app.url, { email, password: PASSWORD, group: 'OPERATORS' });
  await nav(person.page, 'Songs');
  await person.page.getByRole('heading', { name: 'Songs', level: 1 }).waitFor();
  return person;
}

async function nav(page: Page, link: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: link }).click();
}

/** The admin's Users page, narrowed to `email`: that person's row. */
async function usersRow(admin: Page, email: string) {
  await nav(admin, 'Users');
  await admin.getByRole('heading', { name: 'Users' }).waitFor();
  const row = admin.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) });
  await row.waitFor();
  return row;
}

/** The person's browser shows the sign-in form with `message`, within a few seconds. */
async function assertSignedOutSaying(person: SignedInPage, message: string, picture: string): Promise<void> {
  const alert = person.page.getByRole('alert').filter({ hasText: message });
  await alert.waitFor({ timeout: 10_000 }).catch(() => {
    throw new Error(`No "${message}" on the person's page. Page errors:\n${person.errors.join('\n')}`);
  });
  await person.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  assert.equal(await person.page.getByTestId('user-role').count(), 0, 'the shell is gone');
  assert.equal(await person.page.getByText(/Loading songs|Loading albums/).count(), 0);
  await screenshot(person.page, picture);
}

test('disabled on the Users page: the open console signs out at its next request, saying so', async () => {
  const admin = await signedIn(suite.browser, suite.app.url, ADMIN);
  const person = await openConsoleOf('to.disable@example.com');
  const row = await usersRow(admin.page, 'to.disable@example.com');
  await row.getByRole('button', { name: 'Disable', exact: true }).click();
  await admin.page.getByText('to.disable@example.com is disabled and signed out').waitFor();

  // No reload: the next page the person opens asks the backend, which refuses the tokens.
  await nav(person.page, 'Albums');
  await assertSignedOutSaying(person, 'Your account was disabled by an administrator.', 'account-disabled-sign-in');
  // Reloading keeps the person out (the tokens are gone), and signing in is refused.
  await person.page.reload();
  await person.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
  assert.equal(await person.page.getByTestId('user-role').count(), 0);
  await admin.context.close();
  await person.context.close();
});

test('removed on the Users page: the console signs out at its next load, saying so', async () => {
  const admin = await signedIn(suite.browser, suite.app.url, ADMIN);
  const person = await openConsoleOf('to.remove@example.com');
  const row = await usersRow(admin.page, 'to.remove@example.com');
  await row.getByRole('button', { name: 'Remove to.remove@example.com' }).click();
  await admin.page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await admin.page.getByText('to.remove@example.com removed').waitFor();

  await person.page.reload();
  await assertSignedOutSaying(person, 'Your account was removed by an administrator.', 'account-removed-sign-in');
  await admin.context.close();
  await person.context.close();
});

test('signed out everywhere (AdminUserGlobalSignOut): the console signs out at its next load, saying so', async () => {
  const person = await openConsoleOf('signed.out@example.com');
  const creds = suite.backend.identityService.admin.issueRoleCredentials('helpdesk-role/helpdesk', [
    'cognito-idp:AdminUserGlobalSignOut',
  ]);
  const cognito = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: `${suite.backend.baseUrl}/cognito-idp`,
    credentials: creds,
  });
  try {
    await cognito.send(
      new AdminUserGlobalSignOutCommand({
        UserPoolId: suite.backend.identity.userPoolId,
        Username: 'signed.out@example.com',
      }),
    );
  } finally {
    cognito.destroy();
  }

  await person.page.reload();
  await assertSignedOutSaying(person, 'You were signed out everywhere.', 'account-signed-out-everywhere');
  // Signing in again works and the message is gone.
  await person.page.getByLabel('Email').fill('signed.out@example.com');
  await person.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await person.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await person.page.getByTestId('user-role').waitFor({ timeout: 20_000 });
  assert.equal(await person.page.getByText('You were signed out everywhere.').count(), 0);
  await person.context.close();
});

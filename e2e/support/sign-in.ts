import type { Page } from 'playwright-core';

/** Signs in through the Authenticator on `url` and waits until the shell shows the user's role. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await fillSignIn(page, email, password);
  await page.getByTestId('user-role').waitFor({ timeout: 20_000 });
}

/** Fills and submits the Authenticator's sign-in form (already on the page). */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../amplify/local/identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../../amplify/local/testing/test-backend.ts';
import { collectErrors } from './browser.ts';

export type Account = (typeof DEMO_ACCOUNTS)[number];
export const [ADMIN, OPERATOR, VIEWER] = DEMO_ACCOUNTS;

/**
 * The local backend on port 20005, the only port the Storage client reaches; another suite may
 * hold it for a while, so wait for it rather than fail.
 */
export async function startBackendOnStoragePort(): Promise<TestBackend> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startTestBackend({ port: 20005 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 60) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A fresh browser context signed in to the console through the Authenticator. */
export async function signedIn(
  browser: Browser,
  appUrl: string,
  account: Account,
  viewport = { width: 1280, height: 800 },
): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page
    .getByTestId('user-role')
    .waitFor({ timeout: 20_000 })
    .catch(() => {
      throw new Error(`No shell after signing in as ${account.email}. Page errors:\n${errors.join('\n')}`);
    });
  return { context, page, errors };
}

/** Opens the Songs page through the navigation and waits for its table (or its empty state). */
export async function openSongs(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Songs' }).click();
  await page.getByRole('heading', { name: 'Songs', level: 1 }).waitFor();
  await page.locator('table[aria-label=Songs] tr.mat-mdc-row').first().waitFor({ timeout: 20_000 });
}

/** Narrows the table to one song by searching its (unique) title; returns its row. */
export async function findSong(page: Page, title: string): Promise<Locator> {
  await page.getByLabel('Search titles and file names').fill(title);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  await row.waitFor({ timeout: 15_000 });
  return row;
}

/** Opens one of a row's actions (Attach cover, Replace cover, Detach cover, Delete song). */
export async function rowAction(page: Page, title: string, action: string): Promise<Locator> {
  await page.getByRole('button', { name: `Actions for ${title}` }).click();
  await page.getByRole('menuitem', { name: action }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

/** Waits for the snackbar to say `text`, then dismisses it so the next one can be read. */
export async function snackbar(page: Page, text: string | RegExp): Promise<void> {
  const bar = page.locator('mat-snack-bar-container').filter({ hasText: text });
  await bar.waitFor({ timeout: 20_000 });
  await bar.getByRole('button').click();
  await bar.waitFor({ state: 'detached' });
}

/** Resolves once `check` holds for the element (polling), or fails saying `what`. */
export async function until(
  locator: Locator,
  check: (el: HTMLElement) => boolean,
  what: string,
  timeout = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const ok = await locator.evaluate(check, undefined, { timeout: 1000 }).catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

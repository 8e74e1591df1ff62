import { after, before } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import type { TestBackend } from '../../local-backend/testing/test-backend.ts';
import { startOnStoragePort, type Account } from '../../integration/local-backend.ts';
import { serveApp, type AppServer } from './app-server.ts';
import { BackendView } from './backend-view.ts';
import { collectErrors, launchBrowser } from './browser.ts';

export { ADMIN, OPERATOR, VIEWER, type Account } from '../../integration/local-backend.ts';
export { startOnStoragePort as startBackendOnStoragePort };

/** What a browser test runs against: the local backend, the production build served for it, Chromium. */
export interface Console {
  backend: TestBackend;
  app: AppServer;
  browser: Browser;
}

/** Starts the backend (on the Storage port unless `start` says otherwise), serves the app, launches Chromium. */
export async function openConsole(start: () => Promise<TestBackend> = () => startOnStoragePort()): Promise<Console> {
  const backend = await start();
  const app = await serveApp(backend.outputs);
  const browser = await launchBrowser();
  return { backend, app, browser };
}

/** Closes what `openConsole` (and a BackendView) opened, whatever part of it was reached. */
export async function closeConsole(parts: Partial<Console> & { view?: BackendView }): Promise<void> {
  await parts.view?.close();
  await parts.browser?.close();
  await parts.app?.close();
  await parts.backend?.stop();
}

/** What a browser suite's tests use: the Console and, when asked for, a BackendView beside it. */
export interface ConsoleSuite extends Console {
  view: BackendView;
}

/**
 * For a browser suite: before its tests, `openConsole(start)`, with `view` a BackendView
 * (Amplify configured in this process, signed in as an admin), then the suite's own `setUp`;
 * after them, `closeConsole`. The before hook fills the fields in, so read them inside tests.
 * (A second file-level `before` would not wait for this one: node:test runs each as it is added.)
 */
export function consoleSuite(
  options: {
    start?: () => Promise<TestBackend>;
    view?: boolean;
    setUp?: (suite: ConsoleSuite) => Promise<unknown>;
  } = {},
): ConsoleSuite {
  const suite = {} as ConsoleSuite;
  before(async () => {
    Object.assign(suite, await openConsole(options.start));
    if (options.view) suite.view = await BackendView.open(suite.backend.outputs);
    await options.setUp?.(suite);
  });
  after(() => closeConsole(suite));
  return suite;
}

/** Fills and submits the Authenticator's sign-in form (already on the page). */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 20_000 });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in through the Authenticator on `url` and waits until the shell shows the user's role. */
export async function signIn(page: Page, url: string, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.goto(url);
  await fillSignIn(page, account.email, account.password);
  await page.getByTestId('user-role').waitFor({ timeout: 20_000 });
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
  options: BrowserContextOptions = {},
): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signIn(page, appUrl, account).catch((cause: unknown) => {
    throw new Error(`No shell after signing in as ${account.email}. Page errors:\n${errors.join('\n')}`, { cause });
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

/** Deletes a song with its cover from the Songs page, as an operator would, and waits for the console to say so. */
export async function deleteSongWithCover(page: Page, title: string): Promise<void> {
  await openSongs(page);
  await findSong(page, title);
  const dialog = await rowAction(page, title, 'Delete song');
  await dialog.getByRole('button', { name: 'Delete song' }).click();
  await snackbar(page, `Song “${title}” and its cover deleted`);
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

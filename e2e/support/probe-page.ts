import { createServer, type Server } from 'node:http';
import { after, before } from 'node:test';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { TestBackend } from '../../local-backend/testing/test-backend.ts';
import { BackendView } from './backend-view.ts';
import { collectErrors, launchBrowser } from './browser.ts';

export interface ProbePage {
  url: string;
  close(): Promise<void>;
}

/**
 * Bundles a browser entry (e.g. storage-probe.browser.ts) the way an app's bundler would (the
 * packages' `browser` builds) and serves it as a blank page on its own localhost origin.
 */
export async function serveProbe(entry: string): Promise<ProbePage> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  const script = result.outputFiles[0]!.contents;
  const html =
    '<!doctype html><html><head><title>probe</title><script type="module" src="/probe.js"></script></head><body></body></html>';
  const server: Server = createServer((req, res) => {
    if (req.url === '/probe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** What a probe suite's tests use. */
export interface ProbeSuite {
  backend: TestBackend;
  browser: Browser;
  /** Chromium on the probe page, `window.probe` loaded. */
  page: Page;
  /** What the page has logged as errors. */
  errors: string[];
  /** With `view`: Amplify configured in this process, signed in as an admin. */
  view: BackendView;
}

/**
 * For a suite that drives the real client in Chromium through a probe page: before its tests,
 * the backend from `start`, with `view` a BackendView, the probe `entry` served, Chromium on it
 * once `window.probe` is there, then the suite's own `setUp`; after them, all of it closed. The
 * before hook fills the fields in, so read them inside tests.
 */
export function probeSuite(
  entry: string,
  options: { start: () => Promise<TestBackend>; view?: boolean; setUp?: (suite: ProbeSuite) => Promise<unknown> },
): ProbeSuite {
  const suite = {} as ProbeSuite;
  let probe: ProbePage | undefined;
  before(async () => {
    suite.backend = await options.start();
    if (options.view) suite.view = await BackendView.open(suite.backend.outputs);
    probe = await serveProbe(entry);
    suite.browser = await launchBrowser();
    suite.page = await suite.browser.newPage();
    suite.errors = collectErrors(suite.page);
    await suite.page.goto(probe.url);
    await suite.page.waitForFunction(() => 'probe' in window);
    await options.setUp?.(suite);
  });
  after(async () => {
    await suite.view?.close();
    await suite.browser?.close();
    await probe?.close();
    await suite.backend?.stop();
  });
  return suite;
}

/**
 * The generic records table (src/app/records) in Chromium on the production build, for a model
 * no console code names (examples/storefront's Product, with a PDF field and an image list): time
 * from navigation to the first table rows with 100 products and with 10,000 (the goal, as for
 * Songs: at most 1.5× slower), and until the table's first read from the server is in (it pages:
 * 100 records a read, more as the user pages on). Needs `npm run build` (or APP_DIST); uses port
 * 20005 like the e2e tests.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ItemStore } from '../local-backend/data/store.ts';
import { startLocalBackend } from '../local-backend/local-backend.ts';
import { createLogger } from '../local-backend/log.ts';
import { REPO_ROOT } from '../local-backend/project.ts';
import { testBackendOptions } from '../local-backend/testing/backend-options.ts';
import { serveApp } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';
import { signedIn } from './support/console-app.ts';

const RUNS = 7;
const MANAGER = { email: 'manager@storefront.example', password: 'Store-Manager-2026' };

const dataDir = mkdtempSync(join(tmpdir(), 'records-bench-'));
const backend = await startLocalBackend(
  testBackendOptions(dataDir, { project: join(REPO_ROOT, 'examples', 'storefront'), port: 20005, seed: true }),
  createLogger('warn'),
);
const store = new ItemStore(dataDir);
const app = await serveApp(backend.outputs);
const browser = await launchBrowser();

/** Adds products straight into the store until there are `total`; they share a seeded product's real files. */
function fillTo(total: number): void {
  const seeded = store.page('Product', null, 1)[0]!.item;
  const now = new Date().toISOString();
  store.transaction(() => {
    for (let i = store.count('Product'); i < total; i++) {
      const id = randomUUID();
      store.insert('Product', id, {
        ...seeded,
        id,
        name: `Bench product ${String(i).padStart(5, '0')}`,
        sku: `B-${i}`,
        createdAt: now,
        updatedAt: now,
      });
    }
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const { page, context } = await signedIn(browser, app.url, MANAGER);
  await context.addInitScript(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { __records: Record<string, number> }).__records = marks;
    new MutationObserver(() => {
      if (!marks['firstRow'] && document.querySelector('table[aria-label=Products] tr.mat-mdc-row')) {
        marks['firstRow'] = performance.now();
      }
      if (marks['firstRow'] && !marks['read'] && !document.querySelector('mat-progress-bar')) {
        marks['read'] = performance.now();
      }
    }).observe(document, { childList: true, subtree: true });
  });

  const measure = async (total: number) => {
    fillTo(total);
    const firstRows: number[] = [];
    const allRows: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      await page.goto('about:blank');
      await page.goto(`${app.url}/records/Product`);
      await page.waitForFunction(
        () => (window as unknown as { __records: { read?: number } }).__records.read,
        undefined,
        { timeout: 120_000, polling: 50 },
      );
      const marks = await page.evaluate(() => (window as unknown as { __records: Record<string, number> }).__records);
      if (run === 0) continue; // warm-up: browser caches, JIT
      firstRows.push(marks['firstRow']!);
      allRows.push(marks['read']!);
    }
    return { first: median(firstRows), all: median(allRows) };
  };

  const small = await measure(100);
  const large = await measure(10_000);
  const ratio = large.first / small.first;
  console.log(
    `Records table (storefront Product, discovered), Chromium, production build, median of ${RUNS} navigations:`,
  );
  console.log(
    `  first rows with    100 products: ${small.first.toFixed(0)} ms (first read in: ${small.all.toFixed(0)} ms)`,
  );
  console.log(
    `  first rows with 10,000 products: ${large.first.toFixed(0)} ms (first read in: ${large.all.toFixed(0)} ms)`,
  );
  console.log(`  ratio 10,000 ÷ 100: ${ratio.toFixed(2)}× (goal ≤ 1.5×) ${ratio <= 1.5 ? 'met' : 'NOT met'}`);
} finally {
  store.close();
  await browser.close();
  await app.close();
  await backend.close();
  rmSync(dataDir, { recursive: true, force: true });
}

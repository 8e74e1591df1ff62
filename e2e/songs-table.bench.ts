/**
 * The Songs table in Chromium on the production build, paging from the server: time from
 * navigation to the first table rows with 100 songs and with 100,000 (the goal: at most 1.5×
 * slower), then the browser's JS heap (after a garbage collection) at the first rows and after
 * paging through the table 100 rows a page until it stops loading (its cap of 10,000 loaded rows),
 * and what the Songs route costs when it is opened (its lazy chunks, raw and gzip).
 * Songs go straight into the local backend's store. Needs `npm run build` (or APP_DIST); uses
 * port 20005 like the e2e tests.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ItemStore } from '../local-backend/data/store.ts';
import { demoPlan } from '../local-backend/seed/demo-plan.ts';
import { serveApp } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';
import { ADMIN, signedIn, startBackendOnStoragePort } from './support/console-app.ts';

const RUNS = 7;
const LARGE = 100_000;
const DIST = resolve(process.env['APP_DIST'] ?? 'dist/attachment-console/browser');

const backend = await startBackendOnStoragePort();
const store = new ItemStore(backend.dataDir);
const app = await serveApp(backend.outputs);
const browser = await launchBrowser();

/** Adds songs straight into the local backend's store until there are `total`; they share a real cover. */
function fillTo(total: number): void {
  const cover = demoPlan().files[0]!.key;
  const now = new Date().toISOString();
  store.transaction(() => {
    for (let i = store.count('Song'); i < total; i++) {
      const id = randomUUID();
      store.insert('Song', id, {
        id,
        name: `Bench song ${String(i).padStart(6, '0')}`,
        coverArtPath: cover,
        __typename: 'Song',
        createdAt: now,
        updatedAt: now,
      });
    }
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The page's JS heap in use after a full garbage collection. */
async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

try {
  const { page, context } = await signedIn(browser, app.url, ADMIN);
  // Stamps when the first row appears, measured from navigation start.
  await context.addInitScript(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { __songs: Record<string, number> }).__songs = marks;
    new MutationObserver(() => {
      if (!marks['firstRow'] && document.querySelector('table[aria-label=Songs] tr.mat-mdc-row')) {
        marks['firstRow'] = performance.now();
      }
    }).observe(document, { childList: true, subtree: true });
  });

  const measure = async (total: number) => {
    fillTo(total);
    const firstRows: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      await page.goto('about:blank');
      await page.goto(`${app.url}/songs`);
      await page.waitForFunction(
        () => (window as unknown as { __songs: { firstRow?: number } }).__songs.firstRow,
        undefined,
        { timeout: 120_000, polling: 50 },
      );
      const marks = await page.evaluate(() => (window as unknown as { __songs: Record<string, number> }).__songs);
      if (run === 0) continue; // warm-up: browser caches, JIT
      firstRows.push(marks['firstRow']!);
    }
    return median(firstRows);
  };

  const small = await measure(100);
  const large = await measure(LARGE);
  const ratio = large / small;
  console.log(`Songs table, Chromium, production build, paged from the server, median of ${RUNS} navigations:`);
  console.log(`  first rows with     100 songs: ${small.toFixed(0)} ms`);
  console.log(`  first rows with ${LARGE.toLocaleString('en')} songs: ${large.toFixed(0)} ms`);
  console.log(
    `  ratio ${LARGE.toLocaleString('en')} ÷ 100: ${ratio.toFixed(2)}× (goal ≤ 1.5×) ${ratio <= 1.5 ? 'met' : 'NOT met'}`,
  );
  await pageThrough(page);
  printRouteWeight();
} finally {
  store.close();
  await browser.close();
  await app.close();
  await backend.stop();
}

/** Opens the table, then turns pages of 100 until the last loaded one; the heap before and after. */
async function pageThrough(page: Page): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${app.url}/songs`);
  await page.locator('table[aria-label=Songs] tr.mat-mdc-row').first().waitFor({ timeout: 60_000 });
  await page.locator('mat-progress-bar').waitFor({ state: 'detached', timeout: 60_000 });
  const atFirst = await heapUsed(page);
  await page.locator('mat-paginator .mat-mdc-paginator-touch-target').click();
  await page.getByRole('option', { name: '100', exact: true }).click();
  const next = page.locator('mat-paginator .mat-mdc-paginator-navigation-next');
  const label = page.locator('.mat-mdc-paginator-range-label');
  const started = performance.now();
  let turns = 0;
  for (;;) {
    // The page after this one is read ahead, so Next stays enabled until loading stops.
    await page.locator('mat-progress-bar').waitFor({ state: 'detached', timeout: 60_000 });
    if (await next.isDisabled()) break;
    const before = await label.textContent();
    await next.click();
    await page.waitForFunction(
      (text) => document.querySelector('.mat-mdc-paginator-range-label')?.textContent !== text,
      before,
    );
    turns++;
  }
  const seconds = (performance.now() - started) / 1000;
  const count = (await page.locator('[data-testid=song-count]').textContent())?.replace(/\s+/g, ' ').trim();
  const notice = (await page.locator('[data-testid=list-notice]').textContent())?.replace('info', '').trim();
  const atEnd = await heapUsed(page);
  console.log(`  paged through 100 a page: ${turns} turns in ${seconds.toFixed(1)} s, the count reads “${count}”`);
  console.log(`    (“${notice}”)`);
  console.log(`  JS heap after GC: ${mb(atFirst)} at the first rows, ${mb(atEnd)} after paging through`);
}

/** The JS the Songs route loads beyond the initial bundle: its chunks and what they import statically. */
function printRouteWeight(): void {
  if (!existsSync(join(DIST, 'index.html'))) return;
  const files = readdirSync(DIST).filter((f) => f.endsWith('.js'));
  const source = (f: string) => readFileSync(join(DIST, f), 'utf8');
  const imports = (f: string) =>
    [...source(f).matchAll(/(?:from|import)\s*"\.\/(chunk-[\w-]+\.js)"/g)].map((m) => m[1]!);
  const closure = (roots: string[]) => {
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f) || !files.includes(f)) return;
      seen.add(f);
      imports(f).forEach(visit);
    };
    roots.forEach(visit);
    return seen;
  };
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = closure([...html.matchAll(/(?:src|href)="([\w-]+\.js)"/g)].map((m) => m[1]!));
  const songs = files.filter((f) => /app-songs-page|app-song-detail-page|SONG_ROUTES/.test(source(f)));
  const lazy = [...closure(songs)].filter((f) => !initial.has(f));
  const raw = lazy.reduce((n, f) => n + readFileSync(join(DIST, f)).length, 0);
  const gzip = lazy.reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f))).length, 0);
  const own = songs.reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f))).length, 0);
  console.log(`  Songs screens' own chunks (${songs.length}): ${(own / 1024).toFixed(1)} kB gzip`);
  console.log(
    `  Songs route, lazy JS beyond the initial bundle (screens, Material parts, the Data and Storage clients): ${(raw / 1024).toFixed(1)} kB raw, ${(gzip / 1024).toFixed(1)} kB gzip (${lazy.length} chunks)`,
  );
}

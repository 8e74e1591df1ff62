/**
 * The Songs table in Chromium on the production build: time from navigation to the first table
 * rows with 100 songs and with 10,000 (the goal: at most 1.5× slower), time until all 10,000 are
 * in, and what the Songs route costs when it is opened (its lazy chunks, raw and gzip).
 * Needs `npm run build` (or APP_DIST); uses port 20005 like the e2e tests.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ItemStore } from '../local-backend/data/store.ts';
import { demoPlan } from '../local-backend/seed/demo-plan.ts';
import { serveApp } from './support/app-server.ts';
import { launchBrowser } from './support/browser.ts';
import { ADMIN, signedIn, startBackendOnStoragePort } from './support/console-app.ts';

const RUNS = 7;
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
        name: `Bench song ${String(i).padStart(5, '0')}`,
        coverArtPath: cover,
        __typename: 'Song',
        createdAt: now,
        updatedAt: now,
      });
    }
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const { page, context } = await signedIn(browser, app.url, ADMIN);
  // Stamps when the first row and the full count appear, measured from navigation start.
  await context.addInitScript(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { __songs: Record<string, number> }).__songs = marks;
    new MutationObserver(() => {
      if (!marks['firstRow'] && document.querySelector('table[aria-label=Songs] tr.mat-mdc-row')) {
        marks['firstRow'] = performance.now();
      }
      const count = document.querySelector('[data-testid=song-count]')?.textContent?.trim() ?? '';
      const want = (window as unknown as { __want?: string }).__want;
      if (!marks['all'] && want && count.startsWith(want) && !document.querySelector('mat-progress-bar')) {
        marks['all'] = performance.now();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });

  const measure = async (total: number) => {
    fillTo(total);
    const firstRows: number[] = [];
    const allRows: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      await page.goto('about:blank');
      await page.goto(`${app.url}/songs`);
      await page.evaluate(
        (want) => ((window as unknown as { __want: string }).__want = want),
        total.toLocaleString('en'),
      );
      await page.waitForFunction(() => (window as unknown as { __songs: { all?: number } }).__songs.all, undefined, {
        timeout: 120_000,
        polling: 50,
      });
      const marks = await page.evaluate(() => (window as unknown as { __songs: Record<string, number> }).__songs);
      if (run === 0) continue; // warm-up: browser caches, JIT
      firstRows.push(marks['firstRow']!);
      allRows.push(marks['all']!);
    }
    return { first: median(firstRows), all: median(allRows) };
  };

  const small = await measure(100);
  const large = await measure(10_000);
  const ratio = large.first / small.first;
  console.log(`Songs table, Chromium, production build, median of ${RUNS} navigations:`);
  console.log(`  first rows with    100 songs: ${small.first.toFixed(0)} ms (all in: ${small.all.toFixed(0)} ms)`);
  console.log(`  first rows with 10,000 songs: ${large.first.toFixed(0)} ms (all in: ${large.all.toFixed(0)} ms)`);
  console.log(`  ratio 10,000 ÷ 100: ${ratio.toFixed(2)}× (goal ≤ 1.5×) ${ratio <= 1.5 ? 'met' : 'NOT met'}`);
  printRouteWeight();
} finally {
  store.close();
  await browser.close();
  await app.close();
  await backend.stop();
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

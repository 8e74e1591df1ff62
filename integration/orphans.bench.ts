/**
 * The orphan scan at 100,000 objects and 50,000 records, with the real aws-amplify clients against
 * the local backend: its wall time next to the bare paginated listing of the same objects and
 * records (same seam, same concurrency, no join), the ratio (goal ≤ 1.3×), and the scan's peak
 * heap above the baseline.
 */
import '@angular/compiler';
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FILE_FIELDS } from '../src/app/attachments/file-fields.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { amplifyScanSources as sources } from '../src/app/orphans/amplify-scan-sources.ts';
import { lastValueFrom } from 'rxjs';
import { scanOrphans } from '../src/app/orphans/scan.ts';
import { ObjectStore } from '../local-backend/storage/object-store.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { ADMIN, signInAs, startOnStoragePort } from './local-backend.ts';
import { IMAGES_PLAN, insertRecords } from './orphans-support.ts';

const OBJECTS = 100_000;
const SONGS = 30_000;
const ALBUMS = 20_000;
const PHOTOS_PER_ALBUM = 3;
const DANGLING = 5_000;
// Runs alternate which goes first; the machine may be busy, so the medians are compared.
const RUNS = 5;

/** Writes the world straight into the backend's stores (listing reads metadata only). */
async function fill(backend: TestBackend): Promise<{ orphans: number; dangling: number }> {
  const now = new Date();
  const paths: string[] = [];
  const objects = new ObjectStore(backend.dataDir);
  const commits: Promise<unknown>[] = [];
  for (let i = 0; i < OBJECTS; i++) {
    const path = `images/${randomUUID()}/${randomUUID()}-file-${i}.png`;
    paths.push(path);
    const body = objects.newBody();
    commits.push(
      objects.commitSoon(path, body.file, {
        size: 1000 + (i % 5000),
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        contentType: 'image/png',
        metadata: {},
        lastModified: new Date(now.getTime() - 2 * 86_400_000),
      }),
    );
  }
  await Promise.all(commits);
  objects.close();

  // References: the first paths are referenced, some missing paths dangle, the rest are orphans.
  const referenced = SONGS + ALBUMS * PHOTOS_PER_ALBUM - DANGLING;
  let next = 0;
  const take = (): string => (next < referenced ? paths[next++]! : `images/${randomUUID()}/${randomUUID()}-gone.png`);
  insertRecords(backend, { songs: SONGS, albums: ALBUMS }, take, () => Array.from({ length: PHOTOS_PER_ALBUM }, take));
  return { orphans: OBJECTS - referenced, dangling: DANGLING };
}

/** Every page of storage and of each file field's records, all at once, keeping nothing. */
async function bareListing(): Promise<number> {
  const drain = async (
    fetch: (token?: string) => Promise<{ items: readonly unknown[]; nextToken?: string | null }>,
  ) => {
    let token: string | undefined;
    let n = 0;
    do {
      const page = await fetch(token);
      n += page.items.length;
      token = page.nextToken ?? undefined;
    } while (token);
    return n;
  };
  const counts = await Promise.all([
    drain((t) => sources.listFiles('images/', t)),
    ...FILE_FIELDS.map((f) => drain((t) => sources.listRecords(f, t))),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

// A full collection before each measurement, so the baseline holds no garbage of the run before.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { value, seconds, peakMb: (peak - base) / 1024 / 1024 };
}

async function main(): Promise<void> {
  const backend = await startOnStoragePort({ seed: false, logLevel: 'error' }, { tries: 150 });
  try {
    // Only the demo users (their credentials reach Storage); no demo records or files.
    await backend.identityService.seedDemoUsers();
    const expected = await fill(backend);
    const { Amplify } = await import('aws-amplify');
    const auth = await import('aws-amplify/auth');
    Amplify.configure(toResourcesConfig(backend.outputs));
    await signInAs(auth, ADMIN);

    const bare: number[] = [];
    const scan: number[] = [];
    let peakMb = 0;
    let barePeakMb = 0;
    const listOnce = async () => {
      const listed = await timed(bareListing);
      if (listed.value !== OBJECTS + SONGS + ALBUMS) throw new Error(`listed ${listed.value}`);
      bare.push(listed.seconds);
      barePeakMb = Math.max(barePeakMb, listed.peakMb);
    };
    const scanOnce = async () => {
      const scanned = await timed(() =>
        lastValueFrom(scanOrphans(sources, IMAGES_PLAN, { graceMs: 3_600_000, now: () => new Date() })),
      );
      const last = scanned.value;
      if (last.type !== 'done') throw new Error('no report');
      const t = last.report.totals;
      if (t.files !== OBJECTS || t.orphaned !== expected.orphans || t.dangling !== expected.dangling) {
        throw new Error(`unexpected totals ${JSON.stringify(t)}`);
      }
      scan.push(scanned.seconds);
      peakMb = Math.max(peakMb, scanned.peakMb);
    };
    for (let run = 0; run < RUNS; run++) {
      if (run % 2 === 0) {
        await listOnce();
        await scanOnce();
      } else {
        await scanOnce();
        await listOnce();
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const b = median(bare);
    const s = median(scan);
    const label = `${OBJECTS.toLocaleString('en')} objects, ${(SONGS + ALBUMS).toLocaleString('en')} records`;
    console.log(`Orphan scan, ${label} (median of ${RUNS}):`);
    console.log(`  bare paginated listing of both   ${b.toFixed(2).padStart(7)} s`);
    console.log(`  scan (listing + join + report)   ${s.toFixed(2).padStart(7)} s`);
    console.log(`  ratio scan / listing             ${(s / b).toFixed(2).padStart(7)} ×   (goal ≤ 1.3×)`);
    console.log(`  peak heap above baseline: scan   ${peakMb.toFixed(0).padStart(7)} MB`);
    console.log(
      `                         listing   ${barePeakMb.toFixed(0).padStart(7)} MB   (pages parsed and dropped)`,
    );
    console.log(
      `  found ${expected.orphans.toLocaleString('en')} orphans and ${expected.dangling.toLocaleString('en')} dangling references, as planted`,
    );
    await auth.signOut();
  } finally {
    await backend.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

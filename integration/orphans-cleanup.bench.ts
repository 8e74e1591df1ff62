/**
 * The orphan clean-up's reference re-check at scale, with the real aws-amplify clients against
 * the local backend: deleting 1,000 orphans next to 20,000 records, one filtered list pass per
 * file and field (as before) against passes shared by the deletes waiting together, at several
 * job concurrencies. Prints the passes, the records they read (a filtered list reads the whole
 * table, on DynamoDB as here) and the wall time; checks that files referenced since the scan are
 * kept and the rest deleted.
 */
import '@angular/compiler';
import { randomUUID } from 'node:crypto';
import { Injector } from '@angular/core';
import { asyncScheduler, filter, firstValueFrom } from 'rxjs';
import { FILE_FIELDS } from '../src/app/attachments/file-fields.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { JOB_SCHEDULER, JOB_SETTINGS, JobRunner } from '../src/app/jobs/job-runner.ts';
import { amplifyScanSources } from '../src/app/orphans/amplify-scan-sources.ts';
import { CLEANUP_CONCURRENCY, deleteOrphan } from '../src/app/orphans/cleanup.ts';
import { REFERENCE_BATCH } from '../src/app/orphans/cleanup-references.ts';
import type { OrphanFile } from '../src/app/orphans/orphan-report.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { ADMIN, signInAs, startOnStoragePort } from './local-backend.ts';
import { countingPasses, insertRecords, plantFiles } from './orphans-support.ts';

const SONGS = 12_000;
const ALBUMS = 8_000;
const ORPHANS = Number(process.env['ORPHANS'] ?? 1_000);
// One pass per file is slow: it is measured on this many files and scaled (passes grow linearly).
const BEFORE_SAMPLE = Number(process.env['BEFORE_SAMPLE'] ?? 100);
const ADOPTED = 5;
const DAY = 86_400_000;
const size: Record<string, number> = { Song: SONGS, PhotoAlbum: ALBUMS };

function fillRecords(backend: TestBackend): void {
  const ref = () => `images/${randomUUID()}/${randomUUID()}-kept.png`;
  insertRecords(backend, { songs: SONGS, albums: ALBUMS }, ref, () => [ref(), ref(), ref()]);
}

interface Run {
  readonly files: number;
  readonly passes: Record<string, number>;
  readonly seconds: number;
}

/**
 * Plants `n` two-day-old orphans, then (after the "scan") makes a song and an album reference a
 * few of them, and deletes them all in one job; throws unless exactly the adopted ones are kept.
 */
async function cleanUp(
  backend: TestBackend,
  gql: Gql,
  n: number,
  concurrency: number,
  batchSize: number,
): Promise<Run> {
  const paths = Array.from({ length: n }, (_, i) => `images/${randomUUID()}/${randomUUID()}-orphan-${i}.png`);
  await plantFiles(backend, paths, 2 * DAY);
  const adopted = new Set(paths.filter((_, i) => i % Math.floor(n / ADOPTED) === 3).slice(0, ADOPTED));
  const [first, ...rest] = [...adopted];
  await gql.graphql({
    query: `mutation C($input: CreateSongInput!) { createSong(input: $input) { id } }`,
    variables: { input: { name: 'Adopter', coverArtPath: first } },
  });
  await gql.graphql({
    query: `mutation C($input: CreatePhotoAlbumInput!) { createPhotoAlbum(input: $input) { id } }`,
    variables: { input: { name: 'Adopter', imagePaths: rest } },
  });
  size['Song']!++;
  size['PhotoAlbum']!++;

  const counted = countingPasses(amplifyScanSources);
  const jobs = Injector.create({
    providers: [
      JobRunner,
      { provide: JOB_SETTINGS, useValue: { concurrency } },
      { provide: JOB_SCHEDULER, useValue: asyncScheduler },
    ],
  }).get(JobRunner);
  const started = performance.now();
  const job = jobs.start<OrphanFile>({
    title: 'bench',
    items: paths.map((path) => ({
      path,
      size: 512,
      prefix: 'images/',
      owner: { id: null, exists: false },
      young: false,
    })),
    label: (o) => o.path,
    operation: deleteOrphan(counted.sources, FILE_FIELDS, { graceMs: 3_600_000, now: () => new Date(), batchSize }),
  });
  await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished')));
  const seconds = (performance.now() - started) / 1000;
  const results = job.results();
  const kept = results.filter((r) => r.status === 'skipped').map((r) => r.item.path);
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length || kept.length !== adopted.size || !kept.every((p) => adopted.has(p))) {
    throw new Error(`kept ${kept.length} (expected ${adopted.size}), ${failed.length} failed: ${failed[0]?.reason}`);
  }
  const passes: Record<string, number> = {};
  for (const p of counted.passes) passes[p.model] = (passes[p.model] ?? 0) + 1;
  return { files: n, passes, seconds };
}

interface Gql {
  graphql(o: { query: string; variables: Record<string, unknown> }): Promise<unknown>;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
/** Records a run's passes read, scaled to ORPHANS files. */
function reads(run: Run, scale: number): { passes: number; records: number } {
  let passes = 0;
  let records = 0;
  for (const [model, count] of Object.entries(run.passes)) {
    passes += count * scale;
    records += count * scale * size[model]!;
  }
  return { passes, records };
}

async function main(): Promise<void> {
  const backend = await startOnStoragePort({ seed: false, logLevel: 'error' }, { tries: 150 });
  try {
    await backend.identityService.seedDemoUsers();
    fillRecords(backend);
    const { Amplify } = await import('aws-amplify');
    const auth = await import('aws-amplify/auth');
    const data = await import('aws-amplify/data');
    Amplify.configure(toResourcesConfig(backend.outputs));
    await signInAs(auth, ADMIN);
    const gql = data.generateClient() as unknown as Gql;

    console.log(
      `Orphan clean-up, ${fmt(ORPHANS)} orphans next to ${fmt(SONGS + ALBUMS)} records (${fmt(SONGS)} songs, ${fmt(ALBUMS)} albums); ${ADOPTED} referenced again after the scan:`,
    );
    const line = (label: string, run: Run, scale = 1, note = '') => {
      const r = reads(run, scale);
      console.log(
        `  ${label.padEnd(34)} ${fmt(r.passes).padStart(6)} passes ${fmt(r.records).padStart(12)} records read ${(run.seconds * scale).toFixed(1).padStart(7)} s${note}`,
      );
    };
    const before = await cleanUp(backend, gql, BEFORE_SAMPLE, 8, 1);
    const scale = ORPHANS / BEFORE_SAMPLE;
    line(
      'before: a pass per file, 8 at once',
      before,
      scale,
      scale === 1 ? '' : `   (${BEFORE_SAMPLE} files measured, ×${scale})`,
    );
    for (const concurrency of [8, 50, CLEANUP_CONCURRENCY, 200]) {
      const run = await cleanUp(backend, gql, ORPHANS, concurrency, REFERENCE_BATCH);
      const note = concurrency === CLEANUP_CONCURRENCY ? '   (the console)' : '';
      line(`shared passes of ≤ ${REFERENCE_BATCH}, ${concurrency} at once`, run, 1, note);
    }
    await auth.signOut();
  } finally {
    await backend.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

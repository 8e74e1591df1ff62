// The clean-up's batched reference re-check with the real aws-amplify client against the local
// backend: the filters it sends (an `or` of `eq` on a one-file field, of `contains` on a list
// field) answer exactly, and a job of many deletes at the console's concurrency shares its
// passes, keeps the files referenced since the scan and deletes the rest.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Injector } from '@angular/core';
import { asyncScheduler, filter, firstValueFrom } from 'rxjs';
import { FILE_FIELDS } from '../src/app/attachments/file-fields.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { JOB_SCHEDULER, JOB_SETTINGS, JobRunner } from '../src/app/jobs/job-runner.ts';
import { amplifyScanSources as sources } from '../src/app/orphans/amplify-scan-sources.ts';
import { CLEANUP_CONCURRENCY, deleteOrphan } from '../src/app/orphans/cleanup.ts';
import { REFERENCE_BATCH } from '../src/app/orphans/cleanup-references.ts';
import type { OrphanFile } from '../src/app/orphans/orphan-report.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { ADMIN, signInAs, startOnStoragePort } from './local-backend.ts';
import { countingPasses, plantFiles } from './orphans-support.ts';

const [SONG_COVER, ALBUM_IMAGES] = FILE_FIELDS as [(typeof FILE_FIELDS)[number], (typeof FILE_FIELDS)[number]];
const DAY = 86_400_000;
let backend: TestBackend;
let auth: typeof import('aws-amplify/auth');

interface Gql {
  graphql(o: { query: string; variables: Record<string, unknown> }): Promise<{ data: Record<string, unknown> }>;
}
let gql: Gql;
async function create(model: 'Song' | 'PhotoAlbum', input: Record<string, unknown>): Promise<string> {
  const r = await gql.graphql({
    query: `mutation C($input: Create${model}Input!) { create${model}(input: $input) { id } }`,
    variables: { input },
  });
  return (r.data[`create${model}`] as { id: string }).id;
}

const path = (tag: string) => `images/${randomUUID()}/${randomUUID()}-${tag}.png`;
const sorted = (xs: Iterable<string>) => [...xs].sort();

before(async () => {
  backend = await startOnStoragePort({}, { tries: 90 });
  const { Amplify } = await import('aws-amplify');
  auth = await import('aws-amplify/auth');
  const data = await import('aws-amplify/data');
  Amplify.configure(toResourcesConfig(backend.outputs));
  gql = data.generateClient() as unknown as Gql;
  await signInAs(auth, ADMIN);
});

after(async () => {
  await auth?.signOut().catch(() => undefined);
  await backend?.stop();
});

describe('the batched reference re-check against the local backend', () => {
  test('an or of eq on a one-file field and of contains on a list field find exactly the records', async () => {
    const [p1, p2, p3, q1, nobody] = ['p1', 'p2', 'p3', 'q1', 'nobody'].map(path) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const s1 = await create('Song', { name: 'Refs 1', coverArtPath: p1 });
    await create('Song', { name: 'Refs 2', coverArtPath: p2 });
    const s3 = await create('Song', { name: 'Refs 3', coverArtPath: p3 });
    const album = await create('PhotoAlbum', { name: 'Refs', imagePaths: [q1, p2] });

    const ids = async (field: typeof SONG_COVER, paths: string[]) =>
      sorted((await sources.referencesTo(field, paths)).map((r) => r.id));
    assert.deepEqual(await ids(SONG_COVER, [p1, p3, nobody]), sorted([s1, s3]));
    assert.deepEqual(await ids(ALBUM_IMAGES, [q1, nobody]), [album]);
    assert.deepEqual(await ids(ALBUM_IMAGES, [p2, q1]), [album], 'a record holding two of the paths comes once');
    assert.deepEqual(await ids(ALBUM_IMAGES, [p2]), [album], 'one path: a plain contains');
    assert.deepEqual(await ids(SONG_COVER, [nobody]), []);
    // A full batch: the paths asked for beside the one referenced are all unreferenced.
    const full = [...Array.from({ length: REFERENCE_BATCH - 1 }, () => path('none')), q1];
    assert.deepEqual(await ids(ALBUM_IMAGES, full), [album]);
    assert.deepEqual(await ids(SONG_COVER, full), []);
    // contains on a list is whole-element equality, not a substring of one of its paths.
    assert.deepEqual(await ids(ALBUM_IMAGES, [q1.slice(0, -4)]), []);
  });

  test('a job of many deletes shares its passes, keeps the files referenced since the scan, deletes the rest', async (t) => {
    const n = 150;
    const paths = Array.from({ length: n }, (_, i) => path(`orphan-${i}`));
    await plantFiles(backend, paths, 2 * DAY);
    // After the "scan": a song and an album start referencing three of the orphans.
    const song = await create('Song', { name: 'Adopter', coverArtPath: paths[10] });
    const album = await create('PhotoAlbum', { name: 'Adopter', imagePaths: [paths[70], paths[140]] });

    const counted = countingPasses(sources);
    const jobs = Injector.create({
      providers: [
        JobRunner,
        { provide: JOB_SETTINGS, useValue: { concurrency: 8 } },
        { provide: JOB_SCHEDULER, useValue: asyncScheduler },
      ],
    }).get(JobRunner);
    const job = jobs.start<OrphanFile>({
      title: 'orphans',
      items: paths.map((p) => ({
        path: p,
        size: 512,
        prefix: 'images/',
        owner: { id: null, exists: false },
        young: false,
      })),
      label: (o) => o.path,
      concurrency: CLEANUP_CONCURRENCY,
      operation: deleteOrphan(counted.sources, FILE_FIELDS, { graceMs: 3_600_000, now: () => new Date() }),
    });
    await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished')));
    const results = job.results();

    assert.deepEqual(
      results.filter((r) => r.status !== 'ok').map((r) => [r.item.path, r.status, r.reason]),
      [
        [paths[10], 'skipped', `Referenced again by Song ${song} (coverArtPath): kept.`],
        [paths[70], 'skipped', `Referenced again by PhotoAlbum ${album} (imagePaths): kept.`],
        [paths[140], 'skipped', `Referenced again by PhotoAlbum ${album} (imagePaths): kept.`],
      ].sort((a, b) => paths.indexOf(a[0]!) - paths.indexOf(b[0]!)),
    );
    for (const [i, p] of paths.entries()) {
      const kept = i === 10 || i === 70 || i === 140;
      assert.equal((await sources.fileAt(p)) !== null, kept, p);
    }
    for (const model of ['Song', 'PhotoAlbum']) {
      const passes = counted.passes.filter((p) => p.model === model);
      t.diagnostic(`${model}: ${passes.length} passes of ${passes.map((p) => p.paths.length).join(', ')} paths`);
      assert.deepEqual(sorted(passes.flatMap((p) => p.paths)), sorted(paths), 'every path asked once');
      assert.ok(passes.every((p) => p.paths.length <= REFERENCE_BATCH));
      // One pass per file would be 150. ⌈150 / 50⌉ = 3 at best (cleanup.spec.ts holds that exactly);
      // here a round may also start before slow look-ups of the same run have asked.
      assert.ok(passes.length <= n / 10, `${passes.length} passes`);
    }
  });
});

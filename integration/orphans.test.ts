// The orphan scan and its clean-up with the real aws-amplify client against the real local backend:
// known orphans and dangling references (the demo seed's and this test's own), exact sets, a new
// reference made between scan and clean-up, the grace period, a record changed since the scan, and
// a rescan to zero. Clean-up runs through the bulk job runner, as in the app.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Injector } from '@angular/core';
import { asyncScheduler, filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { FILE_FIELDS } from '../src/app/attachments/file-fields.ts';
import { JOB_SCHEDULER, JOB_SETTINGS, JobRunner } from '../src/app/jobs/job-runner.ts';
import type { Job } from '../src/app/jobs/job.ts';
import { amplifyScanSources as sources } from '../src/app/orphans/amplify-scan-sources.ts';
import { clearDangling, deleteOrphan, groupDangling } from '../src/app/orphans/cleanup.ts';
import type { ScanReport } from '../src/app/orphans/orphan-report.ts';
import { scanOrphans } from '../src/app/orphans/scan.ts';
import { demoPlan } from '../local-backend/seed/demo-plan.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { ADMIN, type Account, VIEWER, signInAs, startOnStoragePort } from './local-backend.ts';
import { IMAGES_PLAN } from './orphans-support.ts';

const HOUR = 3_600_000;
let backend: TestBackend;
// Loaded with import(), as the app's seams do (see songs.test.ts: this file compiles as CommonJS).
let auth: typeof import('aws-amplify/auth');
let storage: typeof import('aws-amplify/storage');
let data: typeof import('aws-amplify/data');

const as = (account: Account) => signInAs(auth, account);

async function scan(graceMs = HOUR): Promise<ScanReport> {
  const last = await lastValueFrom(scanOrphans(sources, IMAGES_PLAN, { graceMs, now: () => new Date() }));
  assert.equal(last.type, 'done');
  return last.report;
}

async function upload(path: string): Promise<void> {
  const bytes = new Uint8Array(512).fill(3);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await storage.uploadData({ path, data: bytes, options: { contentType: 'image/png' } }).result;
}

interface Gql {
  graphql(o: { query: string; variables: Record<string, unknown> }): Promise<{ data: Record<string, unknown> }>;
}
let gql: Gql;
async function createSong(name: string, coverArtPath: string | null): Promise<{ id: string; updatedAt: string }> {
  const r = await gql.graphql({
    query: `mutation C($input: CreateSongInput!) { createSong(input: $input) { id updatedAt } }`,
    variables: { input: { name, coverArtPath } },
  });
  return r.data['createSong'] as { id: string; updatedAt: string };
}
async function createAlbum(name: string, imagePaths: string[]): Promise<{ id: string }> {
  const r = await gql.graphql({
    query: `mutation C($input: CreatePhotoAlbumInput!) { createPhotoAlbum(input: $input) { id } }`,
    variables: { input: { name, imagePaths } },
  });
  return r.data['createPhotoAlbum'] as { id: string };
}
async function rename(id: string, name: string): Promise<void> {
  await gql.graphql({
    query: `mutation U($input: UpdateSongInput!) { updateSong(input: $input) { id } }`,
    variables: { input: { id, name } },
  });
}

function runner(): JobRunner {
  return Injector.create({
    providers: [
      JobRunner,
      { provide: JOB_SETTINGS, useValue: { concurrency: 8 } },
      { provide: JOB_SCHEDULER, useValue: asyncScheduler },
    ],
  }).get(JobRunner);
}

async function finished<T>(job: Job<T>) {
  await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')));
  return job.results();
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

before(async () => {
  backend = await startOnStoragePort({}, { tries: 90 });
  const { Amplify } = await import('aws-amplify');
  auth = await import('aws-amplify/auth');
  storage = await import('aws-amplify/storage');
  data = await import('aws-amplify/data');
  Amplify.configure(toResourcesConfig(backend.outputs));
  gql = data.generateClient() as unknown as Gql;
  await as(ADMIN);
});

after(async () => {
  await auth?.signOut().catch(() => undefined);
  await backend?.stop();
});

describe('the orphan scan and clean-up against the local backend', () => {
  test('finds the exact sets, keeps what is referenced again or too young, cleans up, and rescans to zero', async () => {
    const plan = demoPlan();
    const run = randomUUID().slice(0, 8);

    // Known world on top of the demo seed: songs with covers, two orphans (one of a record that
    // exists, one of none), a song and an album pointing at missing files, a file two records share.
    const referenced: string[] = [];
    for (let i = 0; i < 4; i++) {
      const path = `images/${run}-song-${i}/${randomUUID()}-cover.png`;
      await upload(path);
      await createSong(`Orphan test ${run} ${i}`, path);
      referenced.push(path);
    }
    const withOrphan = await createSong(`Orphan test ${run} owner`, null);
    const orphanOfRecord = `images/${withOrphan.id}/${randomUUID()}-left-behind.png`;
    const orphanOfNone = `images/${randomUUID()}/${randomUUID()}-nobody.png`;
    await upload(orphanOfRecord);
    await upload(orphanOfNone);
    const missingCover = `images/${run}-dangling/${randomUUID()}-gone.png`;
    const danglingSong = await createSong(`Orphan test ${run} dangling`, missingCover);
    const missingPhoto = `images/${run}-album/${randomUUID()}-gone.png`;
    const album = await createAlbum(`Orphan test ${run}`, [referenced[0]!, missingPhoto]);

    let report = await scan();
    assert.deepEqual(
      sorted(report.orphans.map((o) => o.path)),
      sorted([...plan.orphans, orphanOfRecord, orphanOfNone]),
    );
    const byPath = new Map(report.orphans.map((o) => [o.path, o]));
    assert.deepEqual(byPath.get(orphanOfRecord)!.owner, { id: withOrphan.id, model: 'Song', exists: true });
    assert.equal(byPath.get(orphanOfNone)!.owner.exists, false);
    // Just uploaded: inside the one-hour grace period. The seed's orphans are two days old.
    assert.equal(byPath.get(orphanOfRecord)!.young, true);
    assert.ok(plan.orphans.every((p) => byPath.get(p)!.young === false));

    assert.deepEqual(
      sorted(report.dangling.map((d) => `${d.model} ${d.id} ${d.field} ${d.path}`)),
      sorted([
        ...plan.songs
          .filter((s) => plan.dangling.includes(s.coverArtPath ?? ''))
          .map((s) => `Song ${s.id} coverArtPath ${s.coverArtPath}`),
        ...plan.albums.flatMap((a) =>
          a.imagePaths.filter((p) => plan.dangling.includes(p)).map((p) => `PhotoAlbum ${a.id} imagePaths ${p}`),
        ),
        `Song ${danglingSong.id} coverArtPath ${missingCover}`,
        `PhotoAlbum ${album.id} imagePaths ${missingPhoto}`,
      ]),
    );
    assert.deepEqual(
      report.shared.map((s) => s.path),
      [referenced[0]],
    );
    assert.equal(report.totals.orphaned, plan.orphans.length + 2);
    assert.equal(report.totals.records['Song'], plan.songs.length + 6);
    assert.equal(report.totals.records['PhotoAlbum'], plan.albums.length + 1);

    // With the default grace period, the new orphans are kept by the clean-up itself.
    const jobs = runner();
    const young = jobs.start({
      title: 'young',
      items: report.orphans.filter((o) => o.path === orphanOfNone),
      label: (o) => o.path,
      operation: deleteOrphan(sources, FILE_FIELDS, { graceMs: HOUR, now: () => new Date() }),
    });
    assert.equal((await finished(young))[0]!.status, 'skipped');
    assert.equal((await sources.fileAt(orphanOfNone))?.path, orphanOfNone);

    // Between scan and clean-up: a record starts referencing one "orphan", and a dangling record changes.
    const adopter = await createSong(`Orphan test ${run} adopter`, orphanOfRecord);
    await rename(danglingSong.id, `Orphan test ${run} renamed`);

    const deletion = jobs.start({
      title: 'orphans',
      items: report.orphans,
      label: (o) => o.path,
      operation: deleteOrphan(sources, FILE_FIELDS, { graceMs: 0, now: () => new Date() }),
    });
    const deleted = await finished(deletion);
    const adopted = deleted.find((r) => r.item.path === orphanOfRecord)!;
    assert.equal(adopted.status, 'skipped');
    assert.equal(adopted.reason, `Referenced again by Song ${adopter.id} (coverArtPath): kept.`);
    assert.ok((await sources.fileAt(orphanOfRecord)) !== null, 'the adopted file survives');
    assert.deepEqual(
      deleted.filter((r) => r.status !== 'ok').map((r) => r.item.path),
      [orphanOfRecord],
    );

    const clearing = jobs.start({
      title: 'dangling',
      items: groupDangling(report.dangling),
      label: (g) => `${g.model} ${g.id}`,
      operation: clearDangling(sources, FILE_FIELDS),
    });
    const cleared = await finished(clearing);
    assert.deepEqual(
      cleared.filter((r) => r.status !== 'ok').map((r) => [r.item.id, r.status, r.reason]),
      [[danglingSong.id, 'skipped', 'Changed since the scan: not touched. Scan again to see it as it is now.']],
    );

    report = await scan(0);
    assert.deepEqual(report.orphans, []);
    assert.deepEqual(
      report.dangling.map((d) => d.id),
      [danglingSong.id],
      'only the record changed since the scan is left',
    );
    const album2 = report.totals;
    assert.equal(album2.dangling, 1);
    // The album kept its good path when its missing one was cleared.
    const albumNow = await gql.graphql({
      query: `query G($id: ID!) { getPhotoAlbum(id: $id) { imagePaths } }`,
      variables: { id: album.id },
    });
    assert.deepEqual((albumNow.data['getPhotoAlbum'] as { imagePaths: string[] }).imagePaths, [referenced[0]]);

    const again = jobs.start({
      title: 'dangling again',
      items: groupDangling(report.dangling),
      label: (g) => g.id,
      operation: clearDangling(sources, FILE_FIELDS),
    });
    assert.deepEqual(
      (await finished(again)).map((r) => r.status),
      ['ok'],
    );
    report = await scan(0);
    assert.equal(report.totals.orphaned, 0);
    assert.equal(report.totals.dangling, 0);
  });

  test('a viewer may scan but the backend refuses the clean-up', async () => {
    const path = `images/${randomUUID()}/${randomUUID()}-viewer.png`;
    await upload(path);
    await as(VIEWER);
    try {
      const report = await scan(0);
      const orphan = report.orphans.find((o) => o.path === path)!;
      assert.ok(orphan);
      const job = runner().start({
        title: 'viewer',
        items: [orphan],
        label: (o) => o.path,
        operation: deleteOrphan(sources, FILE_FIELDS, { graceMs: 0, now: () => new Date() }),
      });
      const [result] = await finished(job);
      assert.equal(result!.status, 'failed');
      assert.match(result!.reason!, /Your role does not allow this/);
    } finally {
      await as(ADMIN);
    }
    assert.ok((await sources.fileAt(path)) !== null);
  });
});

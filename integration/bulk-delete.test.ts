// Bulk delete through the job runner with the real client against the local backend failing a
// tenth of its requests on purpose (--fail-rate 0.1): some items fail, retries finish them, and
// the backend's own stores, read all along, never hold a song pointing at a missing file.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import { tap } from 'rxjs';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import type { Song } from '../src/app/songs/song.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { ADMIN, signInDespiteFailures, startOnStoragePort } from './local-backend.ts';
import { BackendState, bulkServices, through } from './bulk-support.ts';
import { png } from './console-services.ts';

let backend: TestBackend | undefined;
let state: BackendState | undefined;

after(async () => {
  state?.close();
  await auth.signOut().catch(() => undefined);
  await backend?.stop();
});

/** Requests the backend failed on purpose so far (it logs each one). */
let failedOnPurpose = 0;

async function start(failRate: number): Promise<TestBackend> {
  const logSink = (line: string) => {
    if (line.includes('on purpose')) failedOnPurpose++;
    else if (/\b(WARN|ERROR)\b/i.test(line)) process.stderr.write(line + '\n');
  };
  return await startOnStoragePort({ failRate, logLevel: 'info' }, { logSink });
}

/**
 * Creates `count` songs with covers, bulk deletes them with their files, retries the failed items
 * until none is left, and checks the stores all along. Returns how many items failed at first.
 */
async function bulkDeleteRetried(failRate: number, count: number): Promise<number> {
  state?.close();
  await auth.signOut().catch(() => undefined);
  await backend?.stop();
  backend = await start(failRate);
  Amplify.configure(toResourcesConfig(backend.outputs));
  await signInDespiteFailures(auth, ADMIN);
  state = new BackendState(backend.dataDir);
  const { songs, bulk, runner } = bulkServices();

  // The songs to delete, made through the same flaky backend (on the runner too, retried).
  const created = new Map<number, Song>();
  const seeding = runner.start({
    title: `Create ${count} songs`,
    items: Array.from({ length: count }, (_, i) => i),
    label: (i) => `Bulk ${i}`,
    operation: (i) =>
      songs
        .create(`Bulk ${i}`, png('cover.png', i % 250))
        .pipe(tap((t) => t.type === 'done' && created.set(i, t.value))),
  });
  await through(seeding);
  for (let round = 0; seeding.progress.failed > 0 && round < 20; round++) {
    seeding.retryFailed();
    await through(seeding);
  }
  assert.equal(seeding.progress.done, count, JSON.stringify(seeding.results().find((r) => r.status !== 'ok')));
  const mine = () => state!.songs().filter((s) => s.name.startsWith('Bulk '));
  assert.equal(mine().length, count);
  const targets = [...created.values()];
  assert.equal(targets.length, count);
  assert.ok(targets.every((s) => s.coverArtPath));

  // The invariant, sampled from the stores all the while the job and its retries run.
  const violations = new Set<string>();
  let samples = 0;
  const ids = new Set(targets.map((s) => s.id));
  const check = () => {
    samples++;
    for (const d of state!.dangling(ids)) violations.add(d);
  };
  const sampler = setInterval(check, 5);

  const failedBefore = failedOnPurpose;
  const refused = () => failedOnPurpose - failedBefore;
  const job = bulk.start({ kind: 'delete', disposal: 'delete-file' }, targets);
  const changes = job.itemChanges$.subscribe(() => check());
  await through(job);
  const failedFirst = job.progress.failed;
  const reasons = new Set(job.results().flatMap((r) => (r.status === 'failed' ? [r.reason] : [])));
  let rounds = 0;
  while (job.progress.failed > 0 && rounds < 20) {
    rounds++;
    job.retryFailed();
    await through(job);
  }
  clearInterval(sampler);
  changes.unsubscribe();
  check();
  console.log(
    `requests failed on purpose: ${refused()}; first run: ${failedFirst} of ${count} items failed${reasons.size ? ` (e.g. ${[...reasons].slice(0, 2).join(' | ')})` : ''}; retries: ${rounds}; invariant checked ${samples} times`,
  );

  assert.ok(refused() > 0, 'the backend failed requests on purpose during the job');
  assert.deepEqual(
    { done: job.progress.done, failed: job.progress.failed, skipped: job.progress.skipped },
    { done: count, failed: 0, skipped: 0 },
  );
  assert.deepEqual([...violations], [], 'no song ever pointed at a missing file');
  assert.deepEqual(mine(), [], 'none of the songs is left');
  const keys = state.keys();
  const left = targets.filter((s) => [...keys].some((k) => k.startsWith(`images/${s.id}/`)));
  assert.deepEqual(left, [], 'none of their files is left');
  return failedFirst;
}

test('bulk delete of 200 songs with covers, 10% of requests failing: all gone in the end, never a song pointing at a missing file', async () => {
  // The clients retry a 503 themselves, so at this rate an item rarely fails as a whole.
  await bulkDeleteRetried(0.1, 200);
});

test('with half the requests failing (more than the clients absorb), items fail; retrying the failed ones finishes the job', async () => {
  const failedFirst = await bulkDeleteRetried(0.5, 60);
  assert.ok(failedFirst > 0, 'some items failed at first');
});

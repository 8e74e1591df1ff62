/**
 * Undo of a bulk delete of 1,000 songs with their covers, next to the delete itself, against the
 * local backend with 20 ms added to every request (standing in for the cloud), with the real
 * aws-amplify clients and the app's bulk services: the delete (which reads each cover's version
 * before deleting it), then its Undo (each cover's version made current again, then the song
 * recreated with its id and fields); both times and the ratio (goal: undo ≤ 1.2× the delete).
 */
import '@angular/compiler';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { ADMIN, signInAs, startOnStoragePort } from './local-backend.ts';
import { BULK_CONCURRENCY, BackendState, bulkServices, through } from './bulk-support.ts';
import { plant } from './bench-plant.ts';

const SONGS = 1_000;
const LATENCY_MS = 20;

const row = (label: string, seconds: number) =>
  `  ${label.padEnd(34)}${seconds.toFixed(2).padStart(7)} s   ${(SONGS / seconds).toFixed(0)} songs/s`;

async function main(): Promise<void> {
  const backend = await startOnStoragePort({ seed: false, logLevel: 'error', latencyMs: LATENCY_MS }, { tries: 150 });
  try {
    await backend.identityService.seedDemoUsers();
    Amplify.configure(toResourcesConfig(backend.outputs));
    await signInAs(auth, ADMIN);
    const { bulk, runner } = bulkServices();
    const state = new BackendState(backend.dataDir);
    const songs = await plant(backend, 'Undo', SONGS);
    const covers = new Set(songs.map((s) => s.coverArtPath!));

    let started = performance.now();
    const job = bulk.start({ kind: 'delete', disposal: 'delete-file' }, songs);
    await through(job);
    const deleteS = (performance.now() - started) / 1000;
    if (job.progress.done !== SONGS) throw new Error(`delete: ${JSON.stringify(job.progress)}`);
    if (state.songs().length !== 0 || state.keys().size !== 0) throw new Error('songs or covers left behind');

    started = performance.now();
    job.undo!.start();
    const undo = runner.jobs().at(-1)!;
    await through(undo);
    const undoS = (performance.now() - started) / 1000;
    if (undo.progress.done !== SONGS) {
      throw new Error(
        `undo: ${JSON.stringify(undo.progress)} ${JSON.stringify(undo.results().find((r) => r.status !== 'ok'))}`,
      );
    }
    const back = state.songs();
    const keys = state.keys();
    if (back.length !== SONGS || keys.size !== SONGS || ![...covers].every((c) => keys.has(c))) {
      throw new Error(`not all back: ${back.length} songs, ${keys.size} covers`);
    }
    state.close();

    console.log(
      `Undo of a bulk delete of ${SONGS.toLocaleString('en')} songs with covers, ${LATENCY_MS} ms per request, ${BULK_CONCURRENCY} at once:`,
    );
    console.log(row('bulk delete (versions read first)', deleteS));
    console.log(row('its undo (files, then records)', undoS));
    console.log(`  undo ÷ delete                     ${(undoS / deleteS).toFixed(2).padStart(7)} ×   (goal ≤ 1.2×)`);
    await auth.signOut();
  } finally {
    await backend.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

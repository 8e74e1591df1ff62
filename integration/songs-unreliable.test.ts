// The backend failing a share of requests (503, as --fail-rate does): every workflow either
// succeeds or fails with a typed error, and afterwards no song points at a missing file.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import * as storage from 'aws-amplify/storage';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import { AttachmentError } from '../src/app/attachments/attachment-error.ts';
import type { Transfer } from '../src/app/attachments/transfer.ts';
import type { Song } from '../src/app/songs/song.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { ADMIN, signInDespiteFailures, startOnStoragePort } from './local-backend.ts';
import { consoleServices, png } from './console-services.ts';

const FAIL_RATE = 0.3;
let backend: TestBackend | undefined;

after(async () => {
  await auth.signOut().catch(() => undefined);
  await backend?.stop();
});

const done = <T>(o: import('rxjs').Observable<Transfer<T>>) => lastValueFrom(o).then((s) => (s as { value: T }).value);

test(`with ${FAIL_RATE * 100}% of requests failing, no song ends up pointing at a missing file`, async () => {
  backend = await startOnStoragePort({ failRate: FAIL_RATE });
  Amplify.configure(toResourcesConfig(backend.outputs));
  await signInDespiteFailures(auth, ADMIN);
  const { songs } = consoleServices();
  const ids = new Set<string>();
  const outcomes: Record<string, number> = {};
  const count = (what: string) => (outcomes[what] = (outcomes[what] ?? 0) + 1);
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      const value = await work();
      count(`${what} ok`);
      return value;
    } catch (err) {
      assert.ok(err instanceof AttachmentError, `${what}: ${String(err)}`);
      assert.ok(err.message.length > 0);
      count(`${what} ${err.kind}`);
      return undefined;
    }
  };

  for (let round = 0; round < 12; round++) {
    let song = await attempt('create', () => done(songs.create(`Flaky ${round}`, png('cover.png', round))));
    if (!song) continue;
    ids.add(song.id);
    for (let step = 0; step < 3; step++) {
      song = (await attempt('replace', () => done(songs.setCover(song!, png('cover.png', step + 100))))) ?? song;
    }
    song = (await attempt('detach', () => firstValueFrom(songs.detach(song!, 'delete-file')))) ?? song;
    if (round % 3 === 0) {
      await attempt('delete', () => lastValueFrom(songs.delete(song!, 'delete-file'), { defaultValue: undefined }));
    }
  }
  console.log('outcomes:', JSON.stringify(outcomes));
  assert.ok(
    Object.keys(outcomes).some((k) => k.endsWith('unavailable')),
    'some requests did fail',
  );

  // Look at what is left with the same data on a backend that answers every request.
  await auth.signOut().catch(() => undefined);
  await backend.stop({ keepData: true });
  backend = await startOnStoragePort({ failRate: 0, dataDir: backend.dataDir });
  Amplify.configure(toResourcesConfig(backend.outputs));
  await signInDespiteFailures(auth, ADMIN);
  const { songs: check } = consoleServices();
  let dangling = 0;
  let orphans = 0;
  for (const id of ids) {
    const song: Song | null = await firstValueFrom(check.get(id));
    const { items } = await storage.list({ path: `images/${id}/`, options: { listAll: true } });
    if (song?.coverArtPath && !items.some((i) => i.path === song.coverArtPath)) dangling++;
    orphans += items.filter((i) => i.path !== song?.coverArtPath).length;
  }
  console.log(`songs: ${ids.size}, dangling references: ${dangling}, orphaned files: ${orphans}`);
  assert.equal(dangling, 0);
});

// The property of src/app/songs/song-bulk.property.spec.ts, shorter, on the real client against
// the local backend failing a share of its requests on purpose (--fail-rate): random sequences of
// create / attach / replace / detach / delete / bulk steps, and after each step, read from the
// backend's own stores, none of the songs made points at a missing file.
import '@angular/compiler';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { Amplify } from 'aws-amplify';
import * as auth from 'aws-amplify/auth';
import { lastValueFrom } from 'rxjs';
import { AttachmentError } from '../src/app/attachments/attachment-error.ts';
import { toResourcesConfig } from '../src/app/core/config/resources-config.ts';
import type { FileDisposal, Song } from '../src/app/songs/song.ts';
import type { TestBackend } from '../local-backend/testing/test-backend.ts';
import { ADMIN, signInDespiteFailures, startOnStoragePort } from './local-backend.ts';
import { BackendState, bulkServices, through } from './bulk-support.ts';
import { png } from './console-services.ts';

const FAIL_RATE = 0.3;
const RUNS = 12;
let backend: TestBackend | undefined;
let state: BackendState | undefined;

after(async () => {
  state?.close();
  await auth.signOut().catch(() => undefined);
  await backend?.stop();
});

type Step =
  | { op: 'create' }
  | { op: 'setCover' | 'detach' | 'delete'; pick: number; stale: boolean; disposal: FileDisposal }
  | { op: 'bulk'; kind: 'delete' | 'detach'; disposal: FileDisposal; picks: number[]; retries: number };

const disposal = fc.constantFrom<FileDisposal>('keep-file', 'delete-file');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ op: 'create' }),
  fc.record({
    op: fc.constantFrom('setCover' as const, 'detach' as const, 'delete' as const),
    pick: fc.nat(10),
    stale: fc.boolean(),
    disposal,
  }),
  fc.record({
    op: fc.constant('bulk' as const),
    kind: fc.constantFrom('delete' as const, 'detach' as const),
    disposal,
    picks: fc.array(fc.nat(10), { maxLength: 5 }),
    retries: fc.nat(2),
  }),
);

test(`${RUNS} random sequences with ${FAIL_RATE * 100}% of requests failing: never a song pointing at a missing file`, async () => {
  backend = await startOnStoragePort({ failRate: FAIL_RATE });
  Amplify.configure(toResourcesConfig(backend.outputs));
  await signInDespiteFailures(auth, ADMIN);
  state = new BackendState(backend.dataDir);
  const { songs, bulk } = bulkServices();
  const outcomes: Record<string, number> = {};
  const count = (what: string) => (outcomes[what] = (outcomes[what] ?? 0) + 1);
  const quietly = async (what: string, work: Promise<unknown>) => {
    try {
      await work;
      count(`${what} ok`);
    } catch (err) {
      assert.ok(err instanceof AttachmentError, `${what}: ${String(err)}`);
      count(`${what} ${err.kind}`);
    }
  };

  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 8 }), async (steps) => {
      const seen: Song[] = [];
      const ids = new Set<string>();
      const current = async (n: number, stale: boolean): Promise<Song | undefined> => {
        const old = seen[n % Math.max(1, seen.length)];
        if (!old || stale) return old;
        return (await lastValueFrom(songs.get(old.id)).catch(() => old)) ?? old;
      };
      // Two songs to work on first, then the random steps.
      for (const s of [{ op: 'create' } as const, { op: 'create' } as const, ...steps]) {
        if (s.op === 'create') {
          await quietly(
            'create',
            lastValueFrom(songs.create(`Prop ${seen.length}`, png('cover.png', seen.length))).then((t) => {
              if (t.type === 'done') {
                seen.push(t.value);
                ids.add(t.value.id);
              }
            }),
          );
        } else if (s.op === 'bulk') {
          const items = (await Promise.all(s.picks.map((n) => current(n, false)))).filter((x) => x !== undefined);
          const job = bulk.start({ kind: s.kind, disposal: s.disposal }, [
            ...new Map(items.map((i) => [i.id, i])).values(),
          ]);
          await through(job);
          for (let r = 0; r < s.retries && job.retryFailed(); r++) await through(job);
          count(
            `bulk ${s.kind}: ${job.progress.done} ok, ${job.progress.failed} failed, ${job.progress.skipped} skipped`,
          );
          job.close();
        } else {
          const song = await current(s.pick, s.stale);
          if (!song) continue;
          if (s.op === 'setCover') await quietly('setCover', lastValueFrom(songs.setCover(song, png('new.png', 9))));
          else if (s.op === 'detach') await quietly('detach', lastValueFrom(songs.detach(song, s.disposal)));
          else await quietly('delete', lastValueFrom(songs.delete(song, s.disposal), { defaultValue: undefined }));
        }
        assert.deepEqual(state!.dangling(ids), [], `after ${JSON.stringify(s)}`);
      }
    }),
    { numRuns: RUNS },
  );
  console.log('outcomes:', JSON.stringify(outcomes));
  assert.ok(
    Object.keys(outcomes).some((k) => k.endsWith('unavailable') || /[1-9]\d* failed/.test(k)),
    'some steps did fail',
  );
});

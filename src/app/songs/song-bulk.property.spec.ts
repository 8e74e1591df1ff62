import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import fc from 'fast-check';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError, type AttachmentErrorKind } from '../attachments/attachment-error';
import { STORAGE_API } from '../attachments/storage-api';
import { BulkUndo, FILE_VERSIONS } from '../recovery/bulk-undo';
import { FakeFileVersions } from '../recovery/testing/fake-file-versions';
import { FakeStorageApi, pngFile } from '../attachments/testing/fake-storage-api';
import { JobRunner } from '../jobs/job-runner';
import type { FileDisposal, Song } from './song';
import { SONG_API } from './song-api';
import { SongBulk } from './song-bulk';
import { SongService } from './song-service';
import { FakeSongApi } from './testing/fake-song-api';

/** Where the next request of a step fails, and how. */
type Fault =
  | { at: 'none' }
  | { at: 'create' | 'update' | 'delete' | 'get'; kind: AttachmentErrorKind; landed: boolean }
  | { at: 'upload' | 'remove'; kind: AttachmentErrorKind };

type Step =
  | { op: 'create'; cover: boolean; fault: Fault }
  | { op: 'setCover'; pick: number; stale: boolean; fault: Fault }
  | { op: 'detach' | 'delete'; pick: number; disposal: FileDisposal; stale: boolean; fault: Fault }
  | {
      op: 'bulk';
      kind: 'delete' | 'detach';
      disposal: FileDisposal;
      picks: number[];
      faults: Fault[];
      retries: number;
    };

const kind = fc.constantFrom<AttachmentErrorKind>('unavailable', 'forbidden', 'conflict', 'unknown');
const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Fault>({ at: 'none' }) },
  fc.record({ at: fc.constantFrom('create', 'update', 'delete', 'get'), kind, landed: fc.boolean() }),
  fc.record({ at: fc.constantFrom('upload', 'remove'), kind }),
) as fc.Arbitrary<Fault>;
const disposal = fc.constantFrom<FileDisposal>('keep-file', 'delete-file');
const pick = fc.nat(20);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), cover: fc.boolean(), fault }),
  fc.record({ op: fc.constant('setCover' as const), pick, stale: fc.boolean(), fault }),
  fc.record({ op: fc.constantFrom('detach' as const, 'delete' as const), pick, disposal, stale: fc.boolean(), fault }),
  fc.record({
    op: fc.constant('bulk' as const),
    kind: fc.constantFrom('delete' as const, 'detach' as const),
    disposal,
    picks: fc.array(pick, { maxLength: 6 }),
    faults: fc.array(fault, { maxLength: 4 }),
    retries: fc.nat(2),
  }),
);

/**
 * Random sequences of attach / replace / detach / delete / bulk operations over in-memory Data
 * and Storage, a failure injected at any request of any step (refused, unreachable, conflict,
 * or an answer lost after the write landed). After every step: no song points at a missing file.
 */
describe('Songs under random operations and failures (property)', () => {
  it('never leave a song pointing at a missing file (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const api = new FakeSongApi();
        const storage = new FakeStorageApi();
        const injector = createEnvironmentInjector(
          [
            { provide: SONG_API, useValue: api },
            { provide: STORAGE_API, useValue: storage },
            { provide: FILE_VERSIONS, useValue: new FakeFileVersions(storage) },
            AttachmentEngine,
            SongService,
            JobRunner,
            BulkUndo,
            SongBulk,
          ],
          TestBed.inject(EnvironmentInjector),
        );
        const songs = injector.get(SongService);
        const bulk = injector.get(SongBulk);
        /** Every song's version as first seen: what a stale screen would still show. */
        const seen: Song[] = [];
        const target = (n: number, stale: boolean): Song | undefined => {
          const old = seen[n % Math.max(1, seen.length)];
          if (!old) return undefined;
          return stale ? old : (api.songs.get(old.id) ?? old);
        };
        const inject = (f: Fault) => {
          if (f.at === 'none') return;
          const error = new AttachmentError(f.kind, `Injected ${f.kind} at ${f.at}.`);
          if ('landed' in f) api.failNext[f.at] = { error, landed: f.landed };
          else storage.failNext[f.at] = error;
        };
        // A step may fail (that is the point); it must fail with a typed error.
        const quietly = (p: Promise<unknown>) =>
          p.catch((e: unknown) => {
            if (!(e instanceof AttachmentError)) throw e;
          });

        try {
          for (const s of steps) {
            api.failNext = {};
            storage.failNext = {};
            if (s.op === 'bulk') {
              const items = [...new Set(s.picks.map((n) => target(n, false)).filter((x) => x !== undefined))];
              const job = bulk.start({ kind: s.kind, disposal: s.disposal }, items);
              for (let attempt = 0; ; attempt++) {
                // A failure injected while the job runs: the next requests fail, one after another.
                for (const f of s.faults) inject(f);
                await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished')));
                expectNoDanglingReference(api, storage);
                if (attempt >= s.retries || !job.retryFailed()) break;
              }
              job.close();
              continue;
            }
            inject(s.fault);
            if (s.op === 'create') {
              const created = lastValueFrom(songs.create(`Song ${seen.length}`, s.cover ? pngFile() : undefined));
              await quietly(created.then((t) => t.type === 'done' && seen.push(t.value)));
            } else {
              const song = target(s.pick, s.stale);
              if (!song) continue;
              if (s.op === 'setCover') await quietly(lastValueFrom(songs.setCover(song, pngFile('new.png'))));
              else if (s.op === 'detach') await quietly(lastValueFrom(songs.detach(song, s.disposal)));
              else await quietly(lastValueFrom(songs.delete(song, s.disposal), { defaultValue: undefined }));
            }
            expectNoDanglingReference(api, storage);
          }
        } finally {
          injector.destroy();
        }
      }),
      { numRuns: 1000 },
    );
  }, 300_000);
});

function expectNoDanglingReference(api: FakeSongApi, storage: FakeStorageApi): void {
  for (const song of api.songs.values()) {
    if (song.coverArtPath && !storage.objects.has(song.coverArtPath)) {
      throw new Error(`“${song.name}” points at ${song.coverArtPath}, which is not in storage.`);
    }
  }
}

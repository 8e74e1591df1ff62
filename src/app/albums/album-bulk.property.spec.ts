import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import fc from 'fast-check';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AttachmentError, type AttachmentErrorKind } from '../attachments/attachment-error';
import { STORAGE_API } from '../attachments/storage-api';
import { BulkUndo, FILE_VERSIONS } from '../recovery/bulk-undo';
import { FakeFileVersions } from '../recovery/testing/fake-file-versions';
import { JobRunner } from '../jobs/job-runner';
import type { AlbumDisposal, PhotoAlbum } from './album';
import { ALBUM_API } from './album-api';
import { AlbumBulk } from './album-bulk';
import { AlbumService } from './album-service';
import { FakeAlbumTable, FakeBucket, png } from './testing/fake-album-backend';

type Fault =
  | { at: 'none' }
  | { at: 'get' | 'update' | 'delete'; kind: AttachmentErrorKind; afterWrite: boolean }
  | { at: 'upload' | 'remove'; kind: AttachmentErrorKind };

type Step =
  | { op: 'add'; pick: number; files: number; fault: Fault }
  | { op: 'remove' | 'replace'; pick: number; image: number; stale: boolean; fault: Fault }
  | { op: 'delete'; pick: number; disposal: AlbumDisposal; stale: boolean; fault: Fault }
  | {
      op: 'bulk';
      kind: 'delete' | 'detach';
      disposal: AlbumDisposal;
      picks: number[];
      faults: Fault[];
      retries: number;
    };

const kind = fc.constantFrom<AttachmentErrorKind>('unavailable', 'forbidden', 'conflict');
const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Fault>({ at: 'none' }) },
  fc.record({ at: fc.constantFrom('get', 'update', 'delete'), kind, afterWrite: fc.boolean() }),
  fc.record({ at: fc.constantFrom('upload', 'remove'), kind }),
) as fc.Arbitrary<Fault>;
const disposal = fc.constantFrom<AlbumDisposal>('keep-files', 'delete-files');
const pick = fc.nat(5);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), pick, files: fc.integer({ min: 1, max: 3 }), fault }),
  fc.record({
    op: fc.constantFrom('remove' as const, 'replace' as const),
    pick,
    image: fc.nat(4),
    stale: fc.boolean(),
    fault,
  }),
  fc.record({ op: fc.constant('delete' as const), pick, disposal, stale: fc.boolean(), fault }),
  fc.record({
    op: fc.constant('bulk' as const),
    kind: fc.constantFrom('delete' as const, 'detach' as const),
    disposal,
    picks: fc.array(pick, { maxLength: 4 }),
    faults: fc.array(fault, { maxLength: 3 }),
    retries: fc.nat(2),
  }),
);

/**
 * Albums under random add / remove / replace / delete / bulk steps over in-memory Data and
 * Storage, a failure injected at any request of any step: after every step, no album points at a
 * missing file.
 */
describe('Albums under random operations and failures (property)', () => {
  it('never leave an album pointing at a missing file (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const table = new FakeAlbumTable();
        const bucket = new FakeBucket();
        const injector = createEnvironmentInjector(
          [
            { provide: ALBUM_API, useValue: table },
            { provide: STORAGE_API, useValue: bucket },
            { provide: FILE_VERSIONS, useValue: new FakeFileVersions(bucket) },
            AttachmentEngine,
            AlbumService,
            JobRunner,
            BulkUndo,
            AlbumBulk,
          ],
          TestBed.inject(EnvironmentInjector),
        );
        const albums = injector.get(AlbumService);
        const bulk = injector.get(AlbumBulk);
        const seen = ['A', 'B', 'C'].map((name) => table.seed(name));
        const target = (n: number, stale: boolean): PhotoAlbum => {
          const old = seen[n % seen.length]!;
          return stale ? old : (table.rows.get(old.id) ?? old);
        };
        const inject = (f: Fault) => {
          if (f.at === 'none') return;
          const error = new AttachmentError(f.kind, `Injected ${f.kind} at ${f.at}.`);
          if ('afterWrite' in f) table.fail(f.at, error, f.afterWrite);
          else if (f.at === 'upload') bucket.failUpload = once(error);
          else bucket.failRemove = once(error);
        };
        const quietly = (p: Promise<unknown>) =>
          p.catch((e: unknown) => {
            if (!(e instanceof AttachmentError)) throw e;
          });

        try {
          for (const s of steps) {
            if (s.op === 'bulk') {
              const items = [...new Map(s.picks.map((n) => target(n, false)).map((a) => [a.id, a])).values()];
              const job = bulk.start({ kind: s.kind, disposal: s.disposal }, items);
              for (let attempt = 0; ; attempt++) {
                s.faults.forEach(inject);
                await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished')));
                expectNoDanglingReference(table, bucket);
                if (attempt >= s.retries || !job.retryFailed()) break;
              }
              job.close();
            } else {
              inject(s.fault);
              if (s.op === 'add') {
                const files = Array.from({ length: s.files }, (_, i) => png(`f${i}.png`));
                await quietly(lastValueFrom(albums.addFiles(target(s.pick, false), files)));
              } else if (s.op === 'delete') {
                await quietly(
                  lastValueFrom(albums.delete(target(s.pick, s.stale), s.disposal), { defaultValue: undefined }),
                );
              } else {
                const album = target(s.pick, s.stale);
                const path = album.imagePaths[s.image % Math.max(1, album.imagePaths.length)];
                if (path && s.op === 'remove') await quietly(lastValueFrom(albums.removeImage(album, path)));
                if (path && s.op === 'replace')
                  await quietly(lastValueFrom(albums.replaceImage(album, path, png('new.png'))));
              }
              expectNoDanglingReference(table, bucket);
            }
            bucket.failUpload = undefined;
            bucket.failRemove = undefined;
          }
        } finally {
          injector.destroy();
        }
      }),
      { numRuns: 1000 },
    );
  }, 300_000);
});

function once(error: AttachmentError): () => AttachmentError | undefined {
  let used = false;
  return () => (used ? undefined : ((used = true), error));
}

function expectNoDanglingReference(table: FakeAlbumTable, bucket: FakeBucket): void {
  for (const album of table.rows.values()) {
    for (const path of album.imagePaths) {
      if (!bucket.objects.has(path)) throw new Error(`“${album.name}” points at ${path}, which is not in storage.`);
    }
  }
}

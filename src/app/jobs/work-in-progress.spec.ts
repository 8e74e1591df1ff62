import { TestBed } from '@angular/core/testing';
import { Subject, firstValueFrom, type Observable } from 'rxjs';
import type { PhotoAlbum } from '../albums/album';
import type { AlbumApi } from '../albums/album-api';
import { ALBUM_IMAGES } from '../albums/album-service';
import { AttachmentEngine } from '../attachments/attachment-engine';
import type { AddFilesStep } from '../attachments/record-files-add';
import { RecordFilesWorkflow } from '../attachments/record-files-workflow';
import { STORAGE_API } from '../attachments/storage-api';
import { FakeStorageApi, pngFile } from '../attachments/testing/fake-storage-api';
import type { JobProgress } from './job';
import { JobRunner } from './job-runner';
import { WorkInProgress, describeWork } from './work-in-progress';

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r));
};

/** A job over `n` items whose operations finish when the spec says so. */
function startJob(runner: JobRunner, n: number, concurrency = 1) {
  const pending: Subject<void>[] = [];
  const job = runner.start({
    title: `Delete ${n} songs`,
    items: Array.from({ length: n }, (_, i) => i),
    label: (i) => `song ${i}`,
    operation: (): Observable<void> => {
      const s = new Subject<void>();
      pending.push(s);
      return s;
    },
    concurrency,
  });
  const finishNext = () => {
    const s = pending.shift()!;
    s.next();
    s.complete();
  };
  return { job, finishNext };
}

const progress = (done: number, total: number): JobProgress => ({
  state: 'running',
  total,
  done,
  failed: 0,
  skipped: 0,
  running: 1,
  itemsPerSecond: 0,
  timeLeftMs: null,
});

describe('describeWork', () => {
  it('names the jobs with their counts and the uploads, in words', () => {
    expect(describeWork({ jobs: [], uploads: 0 })).toBe('');
    expect(describeWork({ jobs: [{ title: 'a', progress: progress(12, 40) }], uploads: 2 })).toBe(
      '1 bulk job (12 of 40 done) and 2 uploads',
    );
    expect(
      describeWork({
        jobs: [
          { title: 'a', progress: progress(1, 3) },
          { title: 'b', progress: progress(0, 5) },
        ],
        uploads: 0,
      }),
    ).toBe('2 bulk jobs (1 of 3 done; 0 of 5 done)');
    expect(describeWork({ jobs: [], uploads: 1 })).toBe('1 upload');
  });
});

describe('WorkInProgress', () => {
  let storage: FakeStorageApi;
  let work: WorkInProgress;
  let runner: JobRunner;
  let engine: AttachmentEngine;

  beforeEach(() => {
    storage = new FakeStorageApi();
    storage.autoFinish = false;
    TestBed.configureTestingModule({ providers: [{ provide: STORAGE_API, useValue: storage }] });
    work = TestBed.inject(WorkInProgress);
    runner = TestBed.inject(JobRunner);
    engine = TestBed.inject(AttachmentEngine);
  });

  it('is idle when nothing runs', () => {
    expect(work.busy()).toBeFalse();
    expect(describeWork(work.snapshot())).toBe('');
  });

  it('counts a job while it runs, with its counts as they change, and forgets it once through', async () => {
    const { finishNext } = startJob(runner, 2);
    expect(work.busy()).toBeTrue();
    expect(describeWork(work.snapshot())).toBe('1 bulk job (0 of 2 done)');
    finishNext();
    expect(describeWork(await firstValueFrom(work.now$))).toBe('1 bulk job (1 of 2 done)');
    finishNext();
    expect(work.busy()).toBeFalse();
    expect(describeWork(work.snapshot())).toBe('');
  });

  it('still counts a canceled job while its items in flight finish', () => {
    const { job, finishNext } = startJob(runner, 3);
    job.cancel();
    expect(job.progress.state).toBe('canceling');
    expect(work.busy()).toBeTrue();
    finishNext();
    expect(job.progress.state).toBe('canceled');
    expect(work.busy()).toBeFalse();
  });

  it('counts uploads in flight wherever they were started, until they are through', async () => {
    const a = engine.upload('song-1', pngFile('a.png')).subscribe();
    engine.upload('song-2', pngFile('b.png')).subscribe();
    expect(work.uploads()).toBe(2);
    expect(describeWork(work.snapshot())).toBe('2 uploads');
    a.unsubscribe();
    expect(work.uploads()).toBe(1);
    await flush();
    expect(storage.uploads.length).toBe(1); // the first stopped before it sent anything
    storage.uploads[0]!.finish();
    await flush();
    expect(work.uploads()).toBe(0);
    expect(work.busy()).toBeFalse();
  });

  it('stops everything: a job as its Cancel does, uploads aborted; resolves once the sent items finish', async () => {
    const { job, finishNext } = startJob(runner, 5, 2);
    const errors: unknown[] = [];
    engine.upload('song-1', pngFile('a.png')).subscribe({ error: (e: unknown) => errors.push(e) });
    await flush();
    let stopped = false;
    const stopping = work.stopAll().then(() => (stopped = true));

    expect(errors).toEqual([jasmine.objectContaining({ kind: 'canceled' })]);
    expect(storage.uploads[0]!.canceled).toBeTrue();
    expect(job.progress).toEqual(jasmine.objectContaining({ state: 'canceling', running: 2, skipped: 3 }));
    await flush();
    expect(stopped).toBeFalse();

    finishNext();
    finishNext();
    await stopping;
    expect(job.progress).toEqual(jasmine.objectContaining({ state: 'canceled', done: 2, skipped: 3 }));
    expect(work.busy()).toBeFalse();
  });

  it('stops an album batch whole: the files still queued do not start once the running ones stop', async () => {
    const album: PhotoAlbum = { id: 'a1', name: 'Trip', imagePaths: [], createdAt: '', updatedAt: '' };
    const files = ['1', '2', '3', '4', '5'].map((n) => pngFile(`${n}.png`));
    // Nothing is stored, so nothing is written.
    const images = new RecordFilesWorkflow({} as AlbumApi, engine, ALBUM_IMAGES);
    let last: AddFilesStep<PhotoAlbum> | undefined;
    images.add(album, files, undefined, 3).subscribe((step) => (last = step));
    expect(work.uploads()).toBe(3);

    await work.stopAll();
    expect(work.uploads()).toBe(0);
    expect(last?.type).toBe('done');
    if (last?.type === 'done') {
      expect(last.value.added).toEqual([]);
      expect(last.value.failed.map((f) => f.error?.kind)).toEqual(Array(5).fill('canceled'));
    }
    await flush();
    expect(storage.uploads).toEqual([]);
  });

  it('gives up waiting after the time it was given', async () => {
    startJob(runner, 1);
    const started = Date.now();
    await work.stopAll(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(work.busy()).toBeTrue();
  });
});

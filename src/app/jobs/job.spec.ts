import { TestBed } from '@angular/core/testing';
import { Observable, defer, finalize, of, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { AttachmentError } from '../attachments/attachment-error';
import { Job, note, skip, type JobProgress } from './job';
import { JOB_SCHEDULER, JOB_SETTINGS, JobRunner } from './job-runner';

describe('Job', () => {
  let scheduler: TestScheduler;

  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  /** An operation that takes `ms` virtual ms per item, counting how many run at once. */
  function tracked(ms: (item: number) => number, fail: (item: number) => boolean = () => false) {
    const probe = { active: 0, peak: 0, calls: [] as number[] };
    const operation = (item: number): Observable<unknown> =>
      defer(() => {
        probe.calls.push(item);
        probe.active++;
        probe.peak = Math.max(probe.peak, probe.active);
        return timer(ms(item), scheduler);
      }).pipe(
        finalize(() => probe.active--),
        // A failure arrives when the work is over, like a refused request.
        (source) =>
          new Observable((sub) =>
            source.subscribe({
              next: (v) =>
                fail(item) ? sub.error(new AttachmentError('forbidden', `No rights for ${item}.`)) : sub.next(v),
              error: (e: unknown) => sub.error(e),
              complete: () => sub.complete(),
            }),
          ),
      );
    return { probe, operation };
  }

  const items = (n: number) => Array.from({ length: n }, (_, i) => i);

  function job(
    n: number,
    operation: (item: number) => Observable<unknown>,
    concurrency = 3,
    onCancel: 'finish' | 'abort' = 'finish',
  ): Job<number> {
    return new Job(
      { title: 'Test', items: items(n), label: (i) => `item ${i}`, operation, concurrency, onCancel },
      scheduler,
    );
  }

  it('never has more items in flight than the concurrency, and runs them all', () => {
    scheduler.run(({ flush }) => {
      const { probe, operation } = tracked(() => 10);
      const j = job(10, operation, 3);
      expect(probe.active).toBe(3);
      flush();
      expect(probe.peak).toBe(3);
      expect(probe.calls.sort((a, b) => a - b)).toEqual(items(10));
      expect(j.progress).toEqual(jasmine.objectContaining({ state: 'finished', done: 10, failed: 0, total: 10 }));
      // Four waves of 10 ms.
      expect(scheduler.now()).toBe(40);
    });
  });

  it('counts done, failed and running as items finish, with the rate and the time left', () => {
    scheduler.run(({ flush }) => {
      const { operation } = tracked(
        () => 100,
        (i) => i % 4 === 0,
      );
      const j = job(8, operation, 2);
      const seen: JobProgress[] = [];
      j.progress$.subscribe((p) => seen.push(p));
      expect(j.progress).toEqual(
        jasmine.objectContaining({ state: 'running', total: 8, done: 0, failed: 0, running: 2, timeLeftMs: null }),
      );
      scheduler.schedule(() => {
        // Items 0 and 1 are through after 100 ms: 2 in 0.1 s = 20/s, 6 left = 300 ms.
        expect(j.progress).toEqual(
          jasmine.objectContaining({ done: 1, failed: 1, running: 2, itemsPerSecond: 20, timeLeftMs: 300 }),
        );
      }, 150);
      flush();
      expect(j.progress).toEqual(
        jasmine.objectContaining({
          state: 'finished',
          total: 8,
          done: 6,
          failed: 2,
          skipped: 0,
          running: 0,
          timeLeftMs: 0,
        }),
      );
      expect(seen.at(-1)).toEqual(j.progress);
      const failed = j.results().filter((r) => r.status === 'failed');
      expect(failed.map((r) => [r.label, r.reason])).toEqual([
        ['item 0', 'No rights for 0.'],
        ['item 4', 'No rights for 4.'],
      ]);
    });
  });

  it('goes on after an item fails at once (an error thrown while starting it)', () => {
    scheduler.run(({ flush }) => {
      const j = job(5, (i) => (i === 0 ? throwError(() => new Error('boom')) : timer(5, scheduler)), 1);
      flush();
      expect(j.results().map((r) => r.status)).toEqual(['failed', 'ok', 'ok', 'ok', 'ok']);
      expect(j.results()[0]!.reason).toBe('Something went wrong: boom');
    });
  });

  it('records what an operation skipped on purpose, with its reason', () => {
    scheduler.run(({ flush }) => {
      const j = job(3, (i) => (i === 1 ? of(skip('Changed since the scan.')) : of('deleted')));
      flush();
      expect(j.results().map((r) => [r.status, r.reason])).toEqual([
        ['ok', undefined],
        ['skipped', 'Changed since the scan.'],
        ['ok', undefined],
      ]);
      expect(j.progress).toEqual(jasmine.objectContaining({ done: 2, skipped: 1, failed: 0 }));
    });
  });

  it('records what an item done wants the operator to know (a Note), and forgets it on a retry', () => {
    scheduler.run(({ flush }) => {
      let kept = true;
      const j = job(2, (i) =>
        i === 0 && kept
          ? of(note('Its cover was kept: another record uses it.'))
          : i === 1 && kept
            ? throwError(() => new Error('x'))
            : of('deleted'),
      );
      flush();
      expect(j.results().map((r) => [r.status, r.reason])).toEqual([
        ['ok', 'Its cover was kept: another record uses it.'],
        ['failed', 'Something went wrong: x'],
      ]);
      expect(j.progress).toEqual(jasmine.objectContaining({ done: 1, failed: 1 }));
      kept = false;
      j.retryFailed();
      flush();
      expect(j.results().map((r) => [r.status, r.reason])).toEqual([
        ['ok', 'Its cover was kept: another record uses it.'],
        ['ok', undefined],
      ]);
    });
  });

  for (const at of [0, 5, 15, 25, 39, 41]) {
    it(`aborting at ${at} ms: items in flight are aborted, the rest skipped, nothing runs after`, () => {
      scheduler.run(({ flush }) => {
        const { probe, operation } = tracked(() => 10);
        const j = job(10, operation, 3, 'abort');
        scheduler.schedule(() => j.cancel(), at);
        flush();
        expect(probe.active).toBe(0);
        const p = j.progress;
        const finishedBefore = Math.min(10, Math.floor(at / 10) * 3);
        expect(p.done).toBe(finishedBefore);
        expect(p.skipped).toBe(10 - finishedBefore);
        expect(p.running).toBe(0);
        expect(p.state).toBe(finishedBefore === 10 ? 'finished' : 'canceled');
        expect(probe.calls.length).toBe(Math.min(10, finishedBefore + 3));
        const started = new Set(probe.calls);
        for (const r of j.results().filter((x) => x.status === 'skipped')) {
          expect(r.reason).toBe(started.has(r.item) ? 'Canceled before it finished.' : 'Canceled before it started.');
        }
      });
    });

    it(`canceling at ${at} ms: items in flight finish and count, the rest are skipped, nothing new starts`, () => {
      scheduler.run(({ flush }) => {
        const { probe, operation } = tracked(() => 10);
        const j = job(10, operation, 3);
        let atCancel: number[] = [];
        scheduler.schedule(() => {
          atCancel = [...probe.calls];
          j.cancel();
          const inFlight = probe.active;
          expect(j.progress.state).toBe(
            inFlight > 0 ? 'canceling' : j.progress.total === j.progress.done ? 'finished' : 'canceled',
          );
          expect(j.progress.running).toBe(inFlight);
          expect(j.retryFailed()).toBeFalse();
        }, at);
        flush();
        // Whatever had started when cancel came finished; nothing started after.
        expect(probe.calls).toEqual(atCancel);
        const p = j.progress;
        expect(p.done).toBe(Math.min(10, atCancel.length));
        expect(p.skipped).toBe(10 - p.done);
        expect(p.state).toBe(p.done === 10 ? 'finished' : 'canceled');
        for (const r of j.results().filter((x) => x.status === 'skipped')) {
          expect(r.reason).toBe('Canceled before it started.');
        }
      });
    });
  }

  it('retries the failed items only, and keeps the other results', () => {
    scheduler.run(({ flush }) => {
      let flaky = new Set([2, 5, 7]);
      const { probe, operation } = tracked(
        () => 10,
        (i) => flaky.has(i),
      );
      const j = job(8, operation, 4);
      flush();
      expect(j.progress).toEqual(jasmine.objectContaining({ state: 'finished', done: 5, failed: 3 }));
      probe.calls.length = 0;
      flaky = new Set([5]);
      expect(j.retryFailed()).toBeTrue();
      expect(j.progress).toEqual(jasmine.objectContaining({ state: 'running', done: 5, failed: 0, running: 3 }));
      flush();
      expect(probe.calls.sort()).toEqual([2, 5, 7]);
      expect(j.results().map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'failed', 'ok', 'ok']);
      probe.calls.length = 0;
      flaky = new Set();
      j.retryFailed();
      flush();
      expect(probe.calls).toEqual([5]);
      expect(j.progress).toEqual(jasmine.objectContaining({ done: 8, failed: 0, total: 8 }));
      expect(j.retryFailed()).toBeFalse();
    });
  });

  it('does not retry while running', () => {
    scheduler.run(({ flush }) => {
      const j = job(2, () => timer(10, scheduler));
      expect(j.retryFailed()).toBeFalse();
      flush();
    });
  });

  it('refuses a concurrency below 1', () => {
    expect(() => job(1, () => of(1), 0)).toThrowError(RangeError);
  });
});

describe('JobRunner', () => {
  it('keeps jobs at the root with the concurrency setting until they are dismissed', () => {
    const scheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
    TestBed.configureTestingModule({
      providers: [
        { provide: JOB_SETTINGS, useValue: { concurrency: 2 } },
        { provide: JOB_SCHEDULER, useValue: scheduler },
      ],
    });
    const runner = TestBed.inject(JobRunner);
    scheduler.run(({ flush }) => {
      let active = 0;
      let peak = 0;
      const job = runner.start({
        title: 'Delete 6 files',
        items: [1, 2, 3, 4, 5, 6],
        label: String,
        operation: () =>
          defer(() => {
            peak = Math.max(peak, ++active);
            return timer(10, scheduler);
          }).pipe(finalize(() => active--)),
      });
      expect(runner.jobs()).toEqual([job]);
      flush();
      expect(peak).toBe(2);
      expect(runner.jobs()[0]!.progress.done).toBe(6);

      const longJob = runner.start({
        title: 'Long',
        items: [1],
        label: String,
        operation: () => timer(1000, scheduler),
      });
      let completed = false;
      longJob.progress$.subscribe({ complete: () => (completed = true) });
      runner.dismiss(longJob);
      expect(completed).toBeTrue();
      expect(runner.jobs()).toEqual([job]);
      runner.dismiss(job);
      expect(runner.hasJobs()).toBeFalse();
    });
  });
});

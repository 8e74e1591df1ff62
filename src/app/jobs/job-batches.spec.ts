import { type Observable, defer, filter, firstValueFrom, of, throwError } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { Job, type JobProgress, note } from './job';

/** A job that reads its items a page at a time (JobSpec.more), as "every matching record" does. */
describe('Job reading its items in batches', () => {
  /** Pages of `size` numbers up to `count`; records which pages were asked for. */
  function pages(count: number, size: number) {
    const asked: number[] = [];
    let next = 0;
    const more = async (): Promise<readonly number[] | null> => {
      asked.push(next);
      if (next >= count) return null;
      const page = Array.from({ length: Math.min(size, count - next) }, (_, i) => next + i);
      next += page.length;
      return page;
    };
    return { asked, more };
  }

  function through(job: Job<number>): Promise<JobProgress> {
    return firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')));
  }

  function run(
    more: () => Promise<readonly number[] | null>,
    operation: (n: number) => Observable<unknown> = () => of(undefined),
  ): Job<number> {
    return new Job({ title: 'Every match', items: [], label: (n) => `item ${n}`, operation, concurrency: 4, more });
  }

  it('runs every page, one after another, and counts what it let go of', async () => {
    const { asked, more } = pages(25, 10);
    const seen: number[] = [];
    const job = run(more, (n) => defer(() => (seen.push(n), of(undefined))));
    const done = await through(job);
    expect(done).toEqual(jasmine.objectContaining({ state: 'finished', total: 25, done: 25, more: false }));
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(asked).toEqual([0, 10, 20, 25]);
    // Items done without a note are not kept: memory is one page.
    expect(job.results()).toEqual([]);
  });

  it('keeps the failed, the skipped and the noted items, and retries the failed', async () => {
    const { more } = pages(12, 5);
    let failing = true;
    const job = run(more, (n) => {
      if (n === 3 && failing) return throwError(() => new AttachmentError('unavailable', 'Lost the network.'));
      return of(n === 7 ? note('Its file was kept.') : undefined);
    });
    expect(await through(job)).toEqual(jasmine.objectContaining({ done: 11, failed: 1, total: 12 }));
    expect(job.results().map((r) => [r.label, r.status])).toEqual([
      ['item 3', 'failed'],
      ['item 7', 'ok'],
    ]);
    failing = false;
    expect(job.retryFailed()).toBeTrue();
    expect(await through(job)).toEqual(jasmine.objectContaining({ done: 12, failed: 0, total: 12 }));
  });

  it('stops reading pages when canceled, between batches', async () => {
    const { asked, more } = pages(100, 10);
    const job: Job<number> = run(more, (n) => {
      if (n === 12) job.cancel();
      return of(undefined);
    });
    const end = await through(job);
    expect(end.state).toBe('canceled');
    expect(end.more).toBeFalse();
    expect(asked).toEqual([0, 10]);
    expect(end.done + end.skipped).toBe(20);
    expect(end.done).toBeLessThan(20);
  });

  it('says why it stopped when a page cannot be read', async () => {
    let calls = 0;
    const job = run(async () => {
      if (calls++ === 1) throw new AttachmentError('unavailable', 'The service is unavailable.');
      return [1, 2, 3];
    });
    const end = await through(job);
    expect(end).toEqual(jasmine.objectContaining({ state: 'finished', done: 3, more: false }));
    expect(end.readFailure).toContain('The next items could not be read');
  });
});

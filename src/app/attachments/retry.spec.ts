import { TestScheduler } from 'rxjs/testing';
import { AttachmentError } from './attachment-error';
import { backoffDelay, retryTransient } from './retry';
import { Observable, defer } from 'rxjs';

describe('retryTransient', () => {
  const options = { retries: 3, baseMs: 100, maxMs: 1000 };

  function failing(errors: AttachmentError[]): { source: Observable<string>; attempts: () => number } {
    let attempts = 0;
    const source = defer(() => {
      const err = errors[attempts++];
      return new Observable<string>((s) => (err ? s.error(err) : (s.next('ok'), s.complete())));
    });
    return { source, attempts: () => attempts };
  }

  it('resubscribes after unavailable, with a growing wait, until it works', async () => {
    const down = new AttachmentError('unavailable', 'down');
    const { source, attempts } = failing([down, down]);
    spyOn(Math, 'random').and.returnValue(0.001);
    const values: string[] = [];
    await new Promise<void>((resolve, reject) =>
      source.pipe(retryTransient(options)).subscribe({ next: (v) => values.push(v), error: reject, complete: resolve }),
    );
    expect(values).toEqual(['ok']);
    expect(attempts()).toBe(3);
  });

  it('gives up after the retries and passes the error on', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const down = new AttachmentError('unavailable', 'down');
      spyOn(Math, 'random').and.returnValue(1);
      const source = cold('#', undefined, down);
      // waits 100, 200, 400 (full jitter at its maximum), then fails
      expectObservable(source.pipe(retryTransient(options))).toBe('700ms #', undefined, down);
    });
  });

  it('does not retry what waiting cannot fix', () => {
    const refused = new AttachmentError('forbidden', 'no');
    const { source, attempts } = failing([refused]);
    let error: unknown;
    source.pipe(retryTransient(options)).subscribe({ error: (e) => (error = e) });
    expect(error).toBe(refused);
    expect(attempts()).toBe(1);
  });

  it('waits a random time up to base·2ⁿ, capped', () => {
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
    expect(backoffDelay(10, options, () => 1)).toBe(1000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
  });
});

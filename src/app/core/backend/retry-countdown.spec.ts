import { type Signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FakeReachability, until } from '../../../testing/fake-reachability';
import { Reachability } from './reachability';
import { retryAnnouncement, retryCountdown } from './retry-countdown';

describe('retryCountdown and retryAnnouncement', () => {
  let reachability: FakeReachability;
  let countdown: Signal<string>;
  let announcement: Signal<string>;

  beforeEach(() => {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date(2026, 0, 1));
    TestBed.configureTestingModule({ providers: [{ provide: Reachability, useClass: FakeReachability }] });
    reachability = TestBed.inject(Reachability) as FakeReachability;
    TestBed.runInInjectionContext(() => {
      countdown = retryCountdown(reachability);
      announcement = retryAnnouncement(reachability);
    });
  });

  afterEach(() => jasmine.clock().uninstall());

  /** The backend stops answering: the first check fails and the first retry is scheduled. */
  async function goDown(): Promise<void> {
    reachability.up = false;
    reachability.report();
    await until(() => reachability.retryAt() !== null);
  }

  it('says nothing while the backend answers', async () => {
    await reachability.check();
    expect(countdown()).toBe('');
    expect(announcement()).toBe('');
  });

  it('counts down to the next retry second by second, then says it is checking', async () => {
    await goDown();
    expect(countdown()).toBe('Retrying in 2 s.');
    jasmine.clock().tick(1000);
    expect(countdown()).toBe('Retrying in 1 s.');

    jasmine.clock().tick(1000); // the retry fires; the probe is still on its way
    expect(reachability.status()).toBe('checking');
    expect(countdown()).toBe('Checking…');

    await until(() => reachability.status() === 'unreachable');
    expect(countdown()).toBe('Retrying in 4 s.');
    expect(reachability.probes).toBe(2);
  });

  it('starts over when the operator retries now: checking, then the next wait of the backoff', async () => {
    await goDown();
    jasmine.clock().tick(1000);
    const retried = reachability.retryNow();
    expect(countdown()).toBe('Checking…');
    expect(await retried).toBeFalse();
    expect(countdown()).toBe('Retrying in 4 s.');

    reachability.up = true;
    expect(await reachability.retryNow()).toBeTrue();
    expect(countdown()).toBe('');
    expect(announcement()).toBe('');
  });

  it('tells a screen reader only when a check starts and how it ended, not every second', async () => {
    await goDown();
    expect(announcement()).toBe('No answer yet. The console tries again in 2 s.');
    jasmine.clock().tick(1000);
    expect(countdown()).toBe('Retrying in 1 s.');
    expect(announcement()).toBe('No answer yet. The console tries again in 2 s.');

    jasmine.clock().tick(1000);
    expect(announcement()).toBe('Checking whether the backend answers…');
    await until(() => reachability.status() === 'unreachable');
    expect(announcement()).toBe('No answer yet. The console tries again in 4 s.');
    jasmine.clock().tick(3000);
    expect(announcement()).toBe('No answer yet. The console tries again in 4 s.');
  });
});

import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { until } from '../../../testing/fake-reachability';
import { Reachability } from './reachability';
import { GatedReachability } from './testing/gated-reachability';
import { UnreachableBanner } from './unreachable-banner';

describe('UnreachableBanner', () => {
  let reachability: GatedReachability;
  let fixture: ComponentFixture<UnreachableBanner>;

  beforeEach(() => {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date(2026, 0, 1));
    TestBed.configureTestingModule({ providers: [{ provide: Reachability, useClass: GatedReachability }] });
    reachability = TestBed.inject(Reachability) as GatedReachability;
    fixture = TestBed.createComponent(UnreachableBanner);
    fixture.detectChanges();
  });

  afterEach(() => jasmine.clock().uninstall());

  const el = () => fixture.nativeElement as HTMLElement;
  const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const shown = () => squash(el().querySelector('.banner')?.textContent);
  const alert = () => squash(el().querySelector('[role=alert]')?.textContent);
  const status = () => squash(el().querySelector('[role=status]')?.textContent);
  const retryButton = () =>
    TestbedHarnessEnvironment.loader(fixture).getHarnessOrNull(MatButtonHarness.with({ text: 'Retry now' }));

  async function settle(check: () => boolean): Promise<void> {
    await until(() => {
      fixture.detectChanges();
      return check();
    });
  }

  async function goDown(): Promise<void> {
    reachability.up = false;
    reachability.report();
    await settle(() => el().querySelector('.banner') !== null);
  }

  it('shows nothing while the backend answers', async () => {
    await reachability.check();
    fixture.detectChanges();
    expect(el().textContent?.trim()).toBe('');
  });

  it('names the backend, counts down to the next retry and offers Retry now', async () => {
    await goDown();
    expect(shown()).toContain('The backend at http://localhost:20005 cannot be reached. Retrying in 2 s.');
    expect(await retryButton()).not.toBeNull();

    jasmine.clock().tick(1000);
    fixture.detectChanges();
    expect(shown()).toContain('Retrying in 1 s.');
  });

  it('alerts with the message once; the ticking countdown is outside every live region', async () => {
    await goDown();
    expect(alert()).toBe('The backend at http://localhost:20005 cannot be reached.');
    expect(status()).toBe('No answer yet. The console tries again in 2 s.');
    jasmine.clock().tick(1000);
    fixture.detectChanges();
    expect(alert()).toBe('The backend at http://localhost:20005 cannot be reached.');
    expect(status()).toBe('No answer yet. The console tries again in 2 s.');
  });

  it('Retry now checks at once: still down, it waits the next step of the backoff', async () => {
    await goDown();
    const answer = reachability.hold();
    await (await retryButton())!.click();
    expect(shown()).toContain('Checking…');
    expect(status()).toBe('Checking whether the backend answers…');
    answer();
    await settle(() => shown().includes('Retrying in 4 s.'));
    expect(reachability.probes).toBe(2);
    expect(status()).toBe('No answer yet. The console tries again in 4 s.');
  });

  it('goes away when Retry now finds the backend again', async () => {
    await goDown();
    reachability.up = true;
    await (await retryButton())!.click();
    await settle(() => el().querySelector('.banner') === null);
    expect(reachability.probes).toBe(2);
    expect(reachability.status()).toBe('reachable');
  });
});

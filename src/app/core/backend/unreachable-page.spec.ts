import { Injectable } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import type { ResourcesConfig } from 'aws-amplify';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { until } from '../../../testing/fake-reachability';
import { AUTH_CLIENT } from '../auth/auth-client';
import { Session } from '../auth/session';
import { AppConfig } from '../config/app-config';
import { VALID_OUTPUTS } from '../config/app-config.spec';
import { Reachability } from './reachability';
import { GatedReachability } from './testing/gated-reachability';
import { UnreachablePage } from './unreachable-page';

@Injectable()
class QuietConfig extends AppConfig {
  protected override async configureAmplify(_config: ResourcesConfig): Promise<void> {
    // Nothing here talks to Amplify.
  }
}

describe('UnreachablePage', () => {
  let reachability: GatedReachability;
  let auth: FakeAuthClient;
  let fixture: ComponentFixture<UnreachablePage>;

  beforeEach(() => {
    auth = new FakeAuthClient();
    auth.user = userIn('OPERATORS');
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: AppConfig, useClass: QuietConfig },
        { provide: Reachability, useClass: GatedReachability },
      ],
    });
    reachability = TestBed.inject(Reachability) as GatedReachability;
  });

  async function render(outputs: object): Promise<void> {
    await TestBed.inject(AppConfig).load(async () => new Response(JSON.stringify(outputs)));
    reachability.up = false;
    await reachability.check();
    fixture = TestBed.createComponent(UnreachablePage);
    await fixture.whenStable();
  }

  const el = () => fixture.nativeElement as HTMLElement;
  const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const status = () => squash(el().querySelector('[role=status]')?.textContent);

  it('names the backend, says the console retries on its own, and counts down', async () => {
    await render(VALID_OUTPUTS);
    expect(el().querySelector('[role=heading][aria-level="1"]')?.textContent?.trim()).toBe(
      'The backend cannot be reached',
    );
    expect(squash(el().querySelector('[data-testid=unreachable-message]')?.textContent)).toBe(
      'The backend at http://localhost:20005 cannot be reached.',
    );
    expect(squash(el().textContent)).toContain('Is the local backend running? npm start starts it.');
    expect(squash(el().querySelector('.countdown')?.textContent)).toBe('Retrying in 2 s.');
    // The countdown itself is not a live region; the status says how the last check ended.
    expect(el().querySelector('.countdown')?.closest('[role=status],[role=alert],[aria-live]')).toBeNull();
    expect(status()).toBe('No answer yet. The console tries again in 2 s.');
  });

  it('speaks the status without showing it (global styles, before any CDK style has loaded)', async () => {
    await render(VALID_OUTPUTS);
    const spoken = el().querySelector<HTMLElement>('[role=status]')!;
    expect(spoken.getBoundingClientRect().width).toBeLessThanOrEqual(1);
    expect(getComputedStyle(spoken).position).toBe('absolute');
  });

  it('asks a cloud backend’s operator to check the network instead', async () => {
    const { custom: _custom, ...cloud } = VALID_OUTPUTS;
    await render(cloud);
    expect(squash(el().textContent)).toContain('Check your network connection.');
    expect(squash(el().textContent)).not.toContain('npm start');
  });

  it('Retry now is disabled while it checks, and signs the user back in when the backend answers', async () => {
    await render(VALID_OUTPUTS);
    const button = await TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatButtonHarness.with({ text: /Retry now/ }),
    );
    const answer = reachability.hold();
    reachability.up = true;
    await button.click();
    expect(await button.isDisabled()).toBeTrue();
    expect(squash(el().querySelector('.countdown')?.textContent)).toBe('Checking…');
    expect(status()).toBe('Checking whether the backend answers…');

    answer();
    const session = TestBed.inject(Session);
    await until(() => session.signedIn());
    expect(await button.isDisabled()).toBeFalse();
    expect(reachability.status()).toBe('reachable');
  });

  it('says when Retry now still finds no answer', async () => {
    await render(VALID_OUTPUTS);
    const button = await TestbedHarnessEnvironment.loader(fixture).getHarness(
      MatButtonHarness.with({ text: /Retry now/ }),
    );
    await button.click();
    await until(() => {
      fixture.detectChanges();
      return status() === 'No answer yet. The console tries again in 4 s.';
    });
    expect(squash(el().querySelector('.countdown')?.textContent)).toBe('Retrying in 4 s.');
    expect(reachability.probes).toBe(2);
  });
});

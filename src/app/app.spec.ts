import { Injectable } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ResourcesConfig } from 'aws-amplify';
import { FakeAuthClient, userIn } from '../testing/fake-auth-client';
import { FakeReachability, until } from '../testing/fake-reachability';
import { App } from './app';
import { routes } from './app.routes';
import { AUTH_CLIENT } from './core/auth/auth-client';
import { Reachability } from './core/backend/reachability';
import { AppConfig } from './core/config/app-config';
import { VALID_OUTPUTS } from './core/config/app-config.spec';

@Injectable()
class QuietConfig extends AppConfig {
  protected override async configureAmplify(_config: ResourcesConfig): Promise<void> {
    // The Authenticator needs no configured Amplify to render its sign-in form.
  }
}

describe('App', () => {
  let auth: FakeAuthClient;
  let reachability: FakeReachability;

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes),
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: AppConfig, useClass: QuietConfig },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    reachability = TestBed.inject(Reachability) as FakeReachability;
  });

  /** Renders the root and waits until `selector` shows up (deferred blocks load asynchronously). */
  async function render(outputs: string | null, selector: string): Promise<HTMLElement> {
    const config = TestBed.inject(AppConfig);
    await config.load(async () => (outputs === null ? new Response('', { status: 404 }) : new Response(outputs)));
    const fixture = TestBed.createComponent(App);
    const el = fixture.nativeElement as HTMLElement;
    await until(() => {
      fixture.detectChanges();
      return el.querySelector(selector) !== null;
    }, 3000);
    await fixture.whenStable();
    return el;
  }

  it('shows the "no backend configured" page when amplify_outputs.json is missing', async () => {
    const el = await render(null, 'app-setup-page');
    expect(el.querySelector('h1, [role=heading]')?.textContent).toContain('No backend configured');
    expect(el.textContent).toContain('npm start');
    expect(el.querySelector('amplify-authenticator')).toBeNull();
  });

  it('shows what is wrong with an invalid file', async () => {
    const el = await render('{ not json', 'app-setup-page');
    expect(el.textContent).toContain('The backend configuration is not usable');
    expect(el.textContent).toContain('not valid JSON');
  });

  it('renders the Authenticator sign-in form when signed out', async () => {
    const el = await render(JSON.stringify(VALID_OUTPUTS), 'amplify-authenticator button');
    const buttons = Array.from(el.querySelectorAll('button')).map((b) => b.textContent?.trim());
    expect(buttons).toContain('Sign in');
    expect(el.querySelector('input[name="username"]')).not.toBeNull();
    expect(el.querySelector('input[type="password"]')).not.toBeNull();
    expect(el.querySelector('app-shell')).toBeNull();
    // The Authenticator's stylesheet comes with it, ahead of the global styles that adjust it.
    const link = document.head.querySelector('link[href="amplify-ui.css"]');
    expect(link).not.toBeNull();
    expect(document.head.firstElementChild).toBe(link);
  });

  it('renders the shell, not the Authenticator, when signed in', async () => {
    auth.user = userIn('OPERATORS');
    const el = await render(JSON.stringify(VALID_OUTPUTS), 'app-shell');
    expect(el.querySelector('amplify-authenticator')).toBeNull();
  });

  it('says which backend cannot be reached, instead of the sign-in page, while it does not answer', async () => {
    auth.user = userIn('OPERATORS');
    reachability.up = false;
    const el = await render(JSON.stringify(VALID_OUTPUTS), 'app-unreachable-page');
    expect(el.querySelector('[data-testid=unreachable-message]')?.textContent).toContain(
      'The backend at http://localhost:20005 cannot be reached.',
    );
    expect(el.textContent).toContain('Retrying in 2 s.');
    expect(el.querySelector('amplify-authenticator')).toBeNull();
    expect(el.querySelector('app-shell')).toBeNull();

    reachability.up = true;
    el.querySelector<HTMLButtonElement>('app-unreachable-page button')!.click();
    await until(() => el.querySelector('app-shell') !== null, 3000);
  });
});

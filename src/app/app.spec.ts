import { Injectable } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ResourcesConfig } from 'aws-amplify';
import { FakeAuthClient, userIn } from '../testing/fake-auth-client';
import { App } from './app';
import { routes } from './app.routes';
import { AUTH_CLIENT } from './core/auth/auth-client';
import { AppConfig } from './core/config/app-config';
import { VALID_OUTPUTS } from './core/config/app-config.spec';

@Injectable()
class QuietConfig extends AppConfig {
  protected override configureAmplify(_config: ResourcesConfig): void {
    // The Authenticator needs no configured Amplify to render its sign-in form.
  }
}

describe('App', () => {
  let auth: FakeAuthClient;

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes),
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: AppConfig, useClass: QuietConfig },
      ],
    });
  });

  async function render(outputs: string | null): Promise<HTMLElement> {
    const config = TestBed.inject(AppConfig);
    await config.load(async () => (outputs === null ? new Response('', { status: 404 }) : new Response(outputs)));
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r, 50));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows the "no backend configured" page when amplify_outputs.json is missing', async () => {
    const el = await render(null);
    expect(el.querySelector('h1, [role=heading]')?.textContent).toContain('No backend configured');
    expect(el.textContent).toContain('npm start');
    expect(el.querySelector('amplify-authenticator')).toBeNull();
  });

  it('shows what is wrong with an invalid file', async () => {
    const el = await render('{ not json');
    expect(el.textContent).toContain('The backend configuration is not usable');
    expect(el.textContent).toContain('not valid JSON');
  });

  it('renders the Authenticator sign-in form when signed out', async () => {
    const el = await render(JSON.stringify(VALID_OUTPUTS));
    const authenticator = el.querySelector('amplify-authenticator');
    expect(authenticator).not.toBeNull();
    const buttons = Array.from(el.querySelectorAll('button')).map((b) => b.textContent?.trim());
    expect(buttons).toContain('Sign in');
    expect(el.querySelector('input[name="username"]')).not.toBeNull();
    expect(el.querySelector('input[type="password"]')).not.toBeNull();
    expect(el.querySelector('app-shell')).toBeNull();
  });

  it('renders the shell, not the Authenticator, when signed in', async () => {
    auth.user = userIn('OPERATORS');
    const el = await render(JSON.stringify(VALID_OUTPUTS));
    expect(el.querySelector('app-shell')).not.toBeNull();
    expect(el.querySelector('amplify-authenticator')).toBeNull();
  });
});

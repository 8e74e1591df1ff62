import { CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { FakeReachability } from '../../../testing/fake-reachability';
import { Reachability } from '../backend/reachability';
import { AUTH_CLIENT } from './auth-client';
import { Session } from './session';
import { SignInPage } from './sign-in-page';

describe('SignInPage', () => {
  let auth: FakeAuthClient;

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    // The Authenticator itself is Amplify's; these specs look at what the page adds around it.
    TestBed.overrideComponent(SignInPage, { set: { imports: [], schemas: [CUSTOM_ELEMENTS_SCHEMA] } });
  });

  async function render(): Promise<HTMLElement> {
    await TestBed.inject(Session).ready();
    const fixture = TestBed.createComponent(SignInPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  for (const [reason, words] of [
    ['disabled', 'Your account was disabled by an administrator.'],
    ['removed', 'Your account was removed by an administrator.'],
    ['signed-out-everywhere', 'You were signed out everywhere.'],
    ['ended', 'Your session ended. Sign in again.'],
  ] as const) {
    it(`says why the session ended (${reason}), as an alert above the form`, async () => {
      auth.user = userIn('OPERATORS');
      auth.refusal = reason;
      const page = await render();
      const alert = page.querySelector('[role="alert"]');
      expect(alert?.textContent).toContain(words);
      expect(page.querySelector('amplify-authenticator')).not.toBeNull();
    });
  }

  it('says nothing more when nobody was signed in', async () => {
    const page = await render();
    expect(page.querySelector('[role="alert"]')).toBeNull();
    expect(page.textContent).toContain('Sign in to manage records and their files.');
  });
});

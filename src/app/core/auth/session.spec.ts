import { TestBed } from '@angular/core/testing';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { FakeReachability, until } from '../../../testing/fake-reachability';
import { Reachability } from '../backend/reachability';
import { AUTH_CLIENT, BackendUnreachableError } from './auth-client';
import { Session } from './session';

describe('Session', () => {
  let auth: FakeAuthClient;
  let reachability: FakeReachability;
  let session: Session;

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    reachability = TestBed.inject(Reachability) as FakeReachability;
    session = TestBed.inject(Session);
  });

  afterEach(() => jasmine.clock().uninstall());

  it('is unknown until loaded, then signed out when nobody is signed in', async () => {
    expect(session.status()).toBe('unknown');
    await session.ready();
    expect(session.status()).toBe('signed-out');
    expect(session.groups()).toEqual([]);
    expect(session.roles()).toEqual([]);
  });

  it('exposes the groups of the ID token and the console roles among them, strongest first', async () => {
    auth.user = userIn('VIEWERS', 'beta-testers', 'ADMINS');
    await session.ready();
    expect(session.signedIn()).toBeTrue();
    expect(session.groups()).toEqual(['VIEWERS', 'beta-testers', 'ADMINS']);
    expect(session.roles()).toEqual(['ADMINS', 'VIEWERS']);
    expect(session.displayName()).toBe('viewers@example.com');
  });

  it('answers permissions per the role table', async () => {
    auth.user = userIn('OPERATORS');
    await session.ready();
    expect(session.can('browse')).toBeTrue();
    expect(session.can('edit')).toBeTrue();
    expect(session.can('delete')).toBeFalse();
    expect(session.hasAnyRole(['ADMINS'])).toBeFalse();
    expect(session.hasAnyRole(['ADMINS', 'OPERATORS'])).toBeTrue();
  });

  it('ignores groups that are not console roles', async () => {
    auth.user = userIn('marketing');
    await session.ready();
    expect(session.roles()).toEqual([]);
    expect(session.can('browse')).toBeFalse();
  });

  it('follows sign-in, token refresh with new groups, and sign-out events on its own', async () => {
    await session.ready();
    auth.signIn({ groups: ['VIEWERS'] });
    await until(() => session.roles()[0] === 'VIEWERS');
    expect(session.status()).toBe('signed-in');

    auth.user = { ...auth.user!, groups: ['OPERATORS'] };
    auth.emit('tokenRefresh');
    await until(() => session.roles()[0] === 'OPERATORS');
    expect(session.roles()).toEqual(['OPERATORS']);

    auth.emit('signedOut');
    expect(session.status()).toBe('signed-out');
    expect(session.groups()).toEqual([]);
  });

  it('signs out through the auth client', async () => {
    auth.user = userIn('ADMINS');
    await session.ready();
    await session.signOut();
    expect(auth.signOutCalls).toBe(1);
    expect(session.signedIn()).toBeFalse();
  });

  it('treats a load the backend refused as signed out (the Authenticator is the way back)', async () => {
    spyOn(auth, 'load').and.rejectWith(Object.assign(new Error('refused'), { name: 'NotAuthorizedException' }));
    await session.ready();
    expect(session.status()).toBe('signed-out');
  });

  it('says "unreachable", without asking Amplify, when the backend does not answer the probe', async () => {
    auth.user = userIn('OPERATORS');
    const load = spyOn(auth, 'load').and.callThrough();
    reachability.up = false;
    await session.ready();
    expect(session.status()).toBe('unreachable');
    expect(session.signedIn()).toBeFalse();
    expect(load).not.toHaveBeenCalled();
    expect(reachability.retryAt()).not.toBeNull();
  });

  it('says "unreachable" when refreshing the tokens gets no answer, and keeps retrying', async () => {
    auth.user = userIn('OPERATORS');
    spyOn(auth, 'load').and.rejectWith(new BackendUnreachableError('gone'));
    await session.ready();
    expect(session.status()).toBe('unreachable');
    expect(reachability.status()).toBe('unreachable');
  });

  it('comes back signed in, without a new sign-in, when an automatic retry reaches the backend', async () => {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date(2026, 0, 1));
    auth.user = userIn('OPERATORS');
    reachability.up = false;
    await session.ready();
    expect(session.status()).toBe('unreachable');

    // Backoff: the first retry after 2 s fails, the next is 4 s later.
    jasmine.clock().tick(2000);
    await until(() => reachability.probes === 2);
    expect(session.status()).toBe('unreachable');
    expect(reachability.retryAt()).toBe(Date.now() + 4000);

    reachability.up = true;
    jasmine.clock().tick(4000);
    await until(() => session.status() === 'signed-in');
    expect(session.roles()).toEqual(['OPERATORS']);
    expect(reachability.retryAt()).toBeNull();
  });

  it('retries at once on the Retry button', async () => {
    auth.user = userIn('VIEWERS');
    reachability.up = false;
    await session.ready();
    reachability.up = true;
    await session.retry();
    expect(session.status()).toBe('signed-in');
    expect(reachability.status()).toBe('reachable');
  });

  it('re-checks after a failed token refresh: gone tokens mean signed out', async () => {
    auth.user = userIn('ADMINS');
    await session.ready();
    auth.user = null; // Cognito refused the refresh token; Amplify cleared the tokens
    auth.emit('tokenRefresh_failure');
    await until(() => session.status() === 'signed-out');
  });

  it('re-checks after a failed token refresh: no answer keeps the open console signed in, retrying', async () => {
    auth.user = userIn('ADMINS');
    await session.ready();
    reachability.up = false;
    const probes = reachability.probes;
    auth.emit('tokenRefresh_failure');
    await until(() => reachability.status() === 'unreachable');
    expect(reachability.probes).toBeGreaterThan(probes);
    expect(session.status()).toBe('signed-in');
    expect(session.roles()).toEqual(['ADMINS']);
    expect(reachability.retryAt()).not.toBeNull();
  });
});

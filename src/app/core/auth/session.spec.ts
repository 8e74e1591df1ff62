import { TestBed } from '@angular/core/testing';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { FakeReachability, until } from '../../../testing/fake-reachability';
import { Reachability } from '../backend/reachability';
import { AUTH_CLIENT, BackendUnreachableError } from './auth-client';
import { Session } from './session';
import { SessionRefusedError } from './session-end';

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
  it('asks the user pool when it first loads, and signs out saying why when it refuses (disabled)', async () => {
    auth.user = userIn('OPERATORS');
    auth.refusal = 'disabled';
    await session.ready();
    expect(auth.verifiedLoads).toBe(1);
    expect(session.status()).toBe('signed-out');
    expect(session.endReason()).toBe('disabled');
    expect(session.roles()).toEqual([]);
  });

  it('does not ask the user pool again for tokens it just issued (sign-in, refresh)', async () => {
    await session.ready();
    auth.signIn({ groups: ['VIEWERS'] });
    await until(() => session.signedIn());
    auth.emit('tokenRefresh');
    await session.refresh();
    expect(auth.verifiedLoads).toBe(1);
  });

  it('ends the session with the reason a refused token refresh carries', async () => {
    auth.user = userIn('ADMINS');
    await session.ready();
    auth.user = null; // Amplify dropped the refused tokens
    auth.emit('tokenRefresh_failure', { name: 'UserNotFoundException', message: 'User does not exist.' });
    expect(session.status()).toBe('signed-out');
    expect(session.endReason()).toBe('removed');
  });

  it('a refused refresh without a reason Cognito gave still ends the session, generically', async () => {
    auth.user = userIn('ADMINS');
    await session.ready();
    auth.user = null;
    auth.emit('tokenRefresh_failure', { name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
    expect(session.status()).toBe('signed-out');
    expect(session.endReason()).toBe('ended');
  });

  it('check(): a refused request makes it ask the user pool, which ends the session (signed out everywhere)', async () => {
    auth.user = userIn('VIEWERS');
    await session.ready();
    await session.check();
    expect(session.signedIn()).withContext('tokens still honoured').toBeTrue();
    auth.refusal = 'signed-out-everywhere';
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date(Date.now() + 6000));
    await session.check();
    expect(session.status()).toBe('signed-out');
    expect(session.endReason()).toBe('signed-out-everywhere');
  });

  it('check(): a burst of refused requests asks the user pool once every few seconds', async () => {
    auth.user = userIn('VIEWERS');
    await session.ready();
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date(2026, 0, 1));
    await Promise.all([session.check(), session.check(), session.check()]);
    await session.check();
    expect(auth.verifiedLoads).toBe(2); // the first load, then one check
    jasmine.clock().mockDate(new Date(2026, 0, 1, 0, 0, 6));
    await session.check();
    expect(auth.verifiedLoads).toBe(3);
  });

  it('forgets the reason on a new sign-in and on a sign-out of ones own', async () => {
    auth.user = userIn('VIEWERS');
    auth.refusal = 'removed';
    await session.ready();
    expect(session.endReason()).toBe('removed');
    auth.refusal = null;
    auth.signIn({ groups: ['VIEWERS'] });
    await until(() => session.signedIn());
    expect(session.endReason()).toBeNull();
    auth.emit('tokenRefresh_failure', new SessionRefusedError('disabled'));
    expect(session.endReason()).toBe('disabled');
    await session.signOut();
    expect(session.endReason()).toBeNull();
  });
});

describe('Session and refused requests', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('an AppSync 401 seen by any client makes it ask the user pool, and sign out saying why', async () => {
    const fetchSpy = spyOn(globalThis, 'fetch').and.resolveTo(new Response('{}', { status: 401 }));
    const auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
    const session = TestBed.inject(Session);
    auth.user = userIn('OPERATORS');
    await session.ready();
    auth.refusal = 'disabled';
    const answer = await fetch('https://example.appsync-api.us-east-1.amazonaws.com/graphql', { method: 'POST' });
    expect(answer.status).toBe(401);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    await until(() => session.status() === 'signed-out');
    expect(session.endReason()).toBe('disabled');
  });
});

import { TestBed } from '@angular/core/testing';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { AUTH_CLIENT } from './auth-client';
import { Session } from './session';

describe('Session', () => {
  let auth: FakeAuthClient;
  let session: Session;

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({ providers: [{ provide: AUTH_CLIENT, useValue: auth }] });
    session = TestBed.inject(Session);
  });

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

  it('follows sign-in, token refresh with new groups, and sign-out events', async () => {
    await session.ready();
    auth.signIn({ groups: ['VIEWERS'] });
    await session.refresh();
    expect(session.roles()).toEqual(['VIEWERS']);

    auth.user = { ...auth.user!, groups: ['OPERATORS'] };
    auth.emit('tokenRefresh');
    await session.refresh();
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

  it('treats a failing session load as signed out', async () => {
    spyOn(auth, 'load').and.rejectWith(new Error('network down'));
    await session.ready();
    expect(session.status()).toBe('signed-out');
  });
});

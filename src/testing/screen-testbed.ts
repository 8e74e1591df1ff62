import { type Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, withComponentInputBinding, type Routes } from '@angular/router';
import { AUTH_CLIENT } from '../app/core/auth/auth-client';
import { Session } from '../app/core/auth/session';
import { FakeAuthClient, userIn } from './fake-auth-client';

/**
 * What every screen's TestBed has: the router (route inputs bound), Material without animations,
 * and the real Session signed in as a user in `groups`; `providers` add the feature's fakes.
 */
export async function setUpScreen(groups: string[], routes: Routes, providers: Provider[]): Promise<FakeAuthClient> {
  const auth = new FakeAuthClient();
  auth.user = userIn(...groups);
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes, withComponentInputBinding()),
      // Dialogs close at once, so afterClosed() answers within the test's await.
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      { provide: AUTH_CLIENT, useValue: auth },
      ...providers,
    ],
  });
  await TestBed.inject(Session).ready();
  return auth;
}

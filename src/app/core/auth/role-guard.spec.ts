import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { AUTH_CLIENT } from './auth-client';
import { roleGuard } from './role-guard';

@Component({ template: '<h1>Danger zone</h1>' })
class AdminPage {}

@Component({ template: '<h1>Not allowed</h1>' })
class NotAllowed {}

describe('roleGuard', () => {
  let auth: FakeAuthClient;

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        provideRouter([
          { path: 'admin', component: AdminPage, canActivate: [roleGuard('ADMINS')] },
          { path: 'not-allowed', component: NotAllowed },
        ]),
      ],
    });
  });

  it('lets a user in an allowed group through', async () => {
    auth.user = userIn('ADMINS');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/admin');
    expect(harness.routeNativeElement?.textContent).toContain('Danger zone');
    expect(TestBed.inject(Router).url).toBe('/admin');
  });

  for (const groups of [['OPERATORS'], ['VIEWERS'], []]) {
    it(`sends ${groups.join(',') || 'a user without groups'} to /not-allowed`, async () => {
      auth.user = userIn(...groups);
      const harness = await RouterTestingHarness.create();
      await harness.navigateByUrl('/admin');
      expect(harness.routeNativeElement?.textContent).toContain('Not allowed');
      expect(TestBed.inject(Router).url).toBe('/not-allowed');
    });
  }
});

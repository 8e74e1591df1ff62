import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, type Routes } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { FakeAuthClient, userIn } from '../../../testing/fake-auth-client';
import { AUTH_CLIENT } from '../auth/auth-client';
import { AppTitleStrategy } from './app-title-strategy';
import { guardByPermission, navEntries } from './feature-routes';
import { TitleStrategy } from '@angular/router';
import { Title } from '@angular/platform-browser';
import { routes as appRoutes } from '../../app.routes';

@Component({ template: '<h1>{{ name }}</h1>' })
class Page {
  name = 'page';
}

@Component({ template: '<h1>Not allowed</h1>' })
class NotAllowed {}

const ROUTES: Routes = guardByPermission([
  { path: 'overview', component: Page, data: { nav: { label: 'Overview', icon: 'dashboard' } } },
  { path: 'clean-up', component: Page, data: { nav: { label: 'Clean-up', icon: 'delete' }, permission: 'delete' } },
  { path: 'songs', title: 'All songs', component: Page, data: { nav: { label: 'Songs', icon: 'library_music' } } },
  { path: 'not-allowed', component: NotAllowed },
]);

describe('feature routes', () => {
  let auth: FakeAuthClient;

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(ROUTES),
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: TitleStrategy, useClass: AppTitleStrategy },
      ],
    });
  });

  it('derives the navigation from route data, in order', () => {
    expect(navEntries(ROUTES)).toEqual([
      { path: '/overview', label: 'Overview', icon: 'dashboard', permission: undefined },
      { path: '/clean-up', label: 'Clean-up', icon: 'delete', permission: 'delete' },
      { path: '/songs', label: 'Songs', icon: 'library_music', permission: undefined },
    ]);
  });

  it('refuses a permission the role table does not know', () => {
    expect(() => guardByPermission([{ path: 'x', component: Page, data: { permission: 'admin' } }])).toThrowError(
      /Route "x": unknown permission "admin"/,
    );
  });

  it("gives every one of the app's routes with a permission its guard, and every nav entry a label and icon", () => {
    for (const route of appRoutes) {
      if ((route.data as { permission?: string } | undefined)?.permission) {
        expect(route.canActivate?.length).withContext(String(route.path)).toBeGreaterThan(0);
      }
    }
    const entries = navEntries(appRoutes);
    expect(entries[0]).toEqual(jasmine.objectContaining({ path: '/overview', label: 'Overview' }));
    // One entry per discovered model stands in the place of /records/:model, labelled by the model.
    expect(entries.filter((e) => e.perModel).map((e) => e.path)).toEqual(['/records/:model']);
    for (const entry of entries.filter((e) => !e.perModel)) {
      expect(entry.label).withContext(entry.path).toMatch(/\S/);
      expect(entry.icon)
        .withContext(entry.path)
        .toMatch(/^[a-z0-9_]+$/);
    }
  });

  it('guards a route that names a permission', async () => {
    auth.user = userIn('OPERATORS');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/clean-up');
    expect(TestBed.inject(Router).url).toBe('/not-allowed');
    expect(harness.routeNativeElement?.textContent).toContain('Not allowed');
  });

  it('lets a role with the permission through', async () => {
    auth.user = userIn('ADMINS');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/clean-up');
    expect(TestBed.inject(Router).url).toBe('/clean-up');
  });

  it('titles the tab from the route title, else the nav label', async () => {
    auth.user = userIn('VIEWERS');
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/overview');
    expect(TestBed.inject(Title).getTitle()).toBe('Overview · Attachment Console');
    await harness.navigateByUrl('/songs');
    expect(TestBed.inject(Title).getTitle()).toBe('All songs · Attachment Console');
  });
});

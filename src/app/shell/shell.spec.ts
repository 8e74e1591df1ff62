import { Component } from '@angular/core';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatNavListHarness } from '@angular/material/list/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatToolbarHarness } from '@angular/material/toolbar/testing';
import { provideRouter, type Routes } from '@angular/router';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { Reachability } from '../core/backend/reachability';
import { FakeReachability } from '../../testing/fake-reachability';
import { guardByPermission } from '../core/routing/feature-routes';
import { Shell } from './shell';

@Component({ template: '' })
class Page {}

/** Routes as app.routes.ts writes them: the navigation comes from their data, in order. */
const ROUTES: Routes = guardByPermission([
  { path: 'overview', component: Page, data: { nav: { label: 'Overview', icon: 'dashboard' } } },
  { path: 'songs', component: Page, data: { nav: { label: 'Songs', icon: 'library_music' }, permission: 'browse' } },
  { path: 'not-allowed', component: Page },
  { path: 'clean-up', component: Page, data: { nav: { label: 'Clean-up', icon: 'delete' }, permission: 'delete' } },
]);

describe('Shell', () => {
  let auth: FakeAuthClient;

  async function render(groups: string[]) {
    auth.user = { ...userIn(...groups), email: 'operator@example.com' };
    await TestBed.inject(Session).ready();
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    return { fixture, loader: TestbedHarnessEnvironment.loader(fixture) };
  }

  beforeEach(() => {
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(ROUTES),
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: Reachability, useClass: FakeReachability },
      ],
    });
  });

  it('shows the signed-in user and their role in the toolbar', async () => {
    const { loader } = await render(['OPERATORS']);
    const toolbar = await loader.getHarness(MatToolbarHarness);
    const text = (await toolbar.getRowsAsText()).join(' ');
    expect(text).toContain('Attachment Console');
    expect(text).toContain('operator@example.com');
    expect(text).toContain('Operator');
  });

  it('says when the user has no console role', async () => {
    const { loader } = await render([]);
    const toolbar = await loader.getHarness(MatToolbarHarness);
    expect((await toolbar.getRowsAsText()).join(' ')).toContain('No role');
  });

  async function navTitles(groups: string[]): Promise<string[]> {
    const { loader } = await render(groups);
    const nav = await loader.getHarness(MatNavListHarness);
    return Promise.all((await nav.getItems()).map((item) => item.getTitle()));
  }

  it('lists the routes with a nav entry, in route order, that the role may open', async () => {
    expect(await navTitles(['ADMINS'])).toEqual(['Overview', 'Songs', 'Clean-up']);
  });

  it('hides entries whose permission the role lacks', async () => {
    expect(await navTitles(['VIEWERS'])).toEqual(['Overview', 'Songs']);
    TestBed.resetTestingModule();
    auth = new FakeAuthClient();
    TestBed.configureTestingModule({ providers: [provideRouter(ROUTES), { provide: AUTH_CLIENT, useValue: auth }] });
    expect(await navTitles([])).toEqual(['Overview']);
  });

  it('puts the toolbar in a header landmark and the navigation in a labelled nav landmark', async () => {
    const { fixture } = await render(['VIEWERS']);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('header mat-toolbar')).not.toBeNull();
    expect(el.querySelector('nav[aria-label="Pages"] mat-nav-list')).not.toBeNull();
    expect(el.querySelector('main#main')).not.toBeNull();
  });

  it('reads the user menu header as two phrases, and offers the theme switch there too', async () => {
    const { loader } = await render(['OPERATORS']);
    const menu = await loader.getHarness(MatMenuHarness.with({ selector: '[data-testid=user-menu]' }));
    await menu.open();
    const texts = await Promise.all((await menu.getItems()).map((item) => item.getText()));
    expect(texts[0]).toBe('operator@example.com, Groups: OPERATORS');
    expect(texts[1]).toContain('Switch to dark theme');
  });

  it('shows a banner, and keeps the page, while the backend cannot be reached', async () => {
    const { fixture, loader } = await render(['OPERATORS']);
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[role=alert]')).toBeNull();
    const reachability = TestBed.inject(Reachability) as FakeReachability;
    reachability.up = false;
    await reachability.check();
    await fixture.whenStable();
    expect(el.querySelector('header [role=alert]')?.textContent).toContain(
      'The backend at http://localhost:20005 cannot be reached.',
    );
    expect(el.querySelector('main#main')).not.toBeNull();

    reachability.up = true;
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Retry now', ancestor: 'header' }))).click();
    await reachability.check();
    await fixture.whenStable();
    expect(el.querySelector('[role=alert]')).toBeNull();
  });

  it('signs out from the user menu', async () => {
    const { loader } = await render(['ADMINS']);
    const menu = await loader.getHarness(MatMenuHarness.with({ selector: '[data-testid=user-menu]' }));
    await menu.open();
    await menu.clickItem({ text: /Sign out/ });
    expect(auth.signOutCalls).toBe(1);
    expect(TestBed.inject(Session).signedIn()).toBeFalse();
  });
});

import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatNavListHarness } from '@angular/material/list/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatToolbarHarness } from '@angular/material/toolbar/testing';
import { provideRouter } from '@angular/router';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { Shell } from './shell';

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
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: AUTH_CLIENT, useValue: auth }] });
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

  it('lists the feature pages in the side navigation', async () => {
    const { loader } = await render(['VIEWERS']);
    const nav = await loader.getHarness(MatNavListHarness);
    const items = await nav.getItems();
    const titles = await Promise.all(items.map((item) => item.getTitle()));
    expect(titles).toEqual(['Overview']);
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

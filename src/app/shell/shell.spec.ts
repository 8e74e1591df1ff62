import { Component } from '@angular/core';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatNavListHarness } from '@angular/material/list/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatToolbarHarness } from '@angular/material/toolbar/testing';
import { provideRouter, type Routes } from '@angular/router';
import { Subject } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { STORAGE_API } from '../attachments/storage-api';
import { FakeStorageApi, pngFile } from '../attachments/testing/fake-storage-api';
import { JobRunner } from '../jobs/job-runner';
import { overlayText } from '../../testing/dialog-testing';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { until } from '../../testing/waits';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { Reachability } from '../core/backend/reachability';
import { FakeReachability } from '../../testing/fake-reachability';
import { guardByPermission } from '../core/routing/feature-routes';
import { DISCOVERY_SOURCE } from '../discovery/discovery-source';
import { Shell } from './shell';

/** Discovery finds nothing: these specs are about the routes' own entries (shell-nav.spec.ts has the rest). */
const NO_DISCOVERY = {
  provide: DISCOVERY_SOURCE,
  useValue: { load: async () => ({ outputs: undefined, sample: {}, sampleNotes: [], groups: [] }) },
};

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
  let storage: FakeStorageApi;

  async function render(groups: string[]) {
    auth.user = { ...userIn(...groups), email: 'operator@example.com' };
    await TestBed.inject(Session).ready();
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    return { fixture, loader: TestbedHarnessEnvironment.loader(fixture) };
  }

  beforeEach(() => {
    // The theme label below assumes no remembered choice (the headless browser's OS preference is light).
    localStorage.removeItem('attachment-console.theme');
    auth = new FakeAuthClient();
    storage = new FakeStorageApi();
    storage.autoFinish = false;
    TestBed.configureTestingModule({
      providers: [
        provideRouter(ROUTES),
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: Reachability, useClass: FakeReachability },
        { provide: STORAGE_API, useValue: storage },
        NO_DISCOVERY,
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
    TestBed.configureTestingModule({
      providers: [provideRouter(ROUTES), { provide: AUTH_CLIENT, useValue: auth }, NO_DISCOVERY],
    });
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

  describe('signing out while work runs', () => {
    /** A bulk job over 40 items, 2 at a time, whose items finish when the spec says so. */
    function startJob(done = 0) {
      const items: Subject<void>[] = [];
      const job = TestBed.inject(JobRunner).start({
        title: 'Delete 40 songs',
        items: Array.from({ length: 40 }, (_, i) => i),
        label: String,
        operation: () => {
          const item = new Subject<void>();
          items.push(item);
          return item;
        },
        concurrency: 2,
      });
      const finish = (n: number) => {
        for (let i = 0; i < n; i++) {
          const item = items.shift()!;
          item.next();
          item.complete();
        }
      };
      finish(done);
      return { job, finish };
    }

    async function signOutFromMenu() {
      const { fixture, loader } = await render(['ADMINS']);
      const menu = await loader.getHarness(MatMenuHarness.with({ selector: '[data-testid=user-menu]' }));
      await menu.open();
      await menu.clickItem({ text: /Sign out/ });
      await fixture.whenStable();
      const overlay = TestbedHarnessEnvironment.documentRootLoader(fixture);
      return { fixture, overlay, dialog: await overlay.getHarness(MatDialogHarness) };
    }

    const said = () =>
      (document.querySelector('.cdk-overlay-container [data-testid=running-work]')?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim();

    it('names the job with its counts and the uploads, and waiting keeps everyone signed in', async () => {
      const { job } = startJob(12);
      const engine = TestBed.inject(AttachmentEngine);
      engine.upload('song-1', pngFile('a.png')).subscribe();
      engine.upload('song-2', pngFile('b.png')).subscribe();
      const { overlay, dialog } = await signOutFromMenu();

      expect(await dialog.getTitleText()).toBe('Sign out while work runs?');
      expect(said()).toBe('Still running: 1 bulk job (12 of 40 done) and 2 uploads.');
      await (await overlay.getHarness(MatButtonHarness.with({ text: 'Wait' }))).click();

      await until(() => !document.querySelector('mat-dialog-container'));
      expect(auth.signOutCalls).toBe(0);
      expect(TestBed.inject(Session).signedIn()).toBeTrue();
      expect(job.progress.state).toBe('running');
      expect(engine.uploadsInFlight()).toBe(2);
    });

    it('keeps the counts live, and offers a plain sign-out once everything has finished', async () => {
      const { finish } = startJob(12);
      const { fixture, overlay, dialog } = await signOutFromMenu();
      finish(2);
      await fixture.whenStable();
      expect(said()).toBe('Still running: 1 bulk job (14 of 40 done).');

      finish(26);
      await fixture.whenStable();
      expect(await dialog.getTitleText()).toBe('Sign out?');
      expect(said()).toBe('Everything has finished.');
      await (await overlay.getHarness(MatButtonHarness.with({ text: 'Sign out' }))).click();
      await until(() => auth.signOutCalls === 1);
    });

    it('signs out anyway: cancels the job as its Cancel does, aborts the uploads, and waits for the sent items', async () => {
      const { job, finish } = startJob(12);
      const errors: unknown[] = [];
      TestBed.inject(AttachmentEngine)
        .upload('song-1', pngFile('a.png'))
        .subscribe({ error: (e: unknown) => errors.push(e) });
      const { overlay } = await signOutFromMenu();
      await (await overlay.getHarness(MatButtonHarness.with({ text: 'Sign out anyway' }))).click();

      expect(errors).toEqual([jasmine.objectContaining({ kind: 'canceled' })]);
      expect(job.progress).toEqual(jasmine.objectContaining({ state: 'canceling', done: 12, skipped: 26 }));
      expect(overlayText()).toContain('Stopping: requests already sent are finishing…');
      expect(auth.signOutCalls).toBe(0);

      finish(2);
      expect(job.progress).toEqual(jasmine.objectContaining({ state: 'canceled', done: 14, skipped: 26 }));
      await until(() => auth.signOutCalls === 1);
      expect(TestBed.inject(Session).signedIn()).toBeFalse();
    });
  });
});

import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { MatTabGroupHarness } from '@angular/material/tabs/testing';
import { Router, provideRouter } from '@angular/router';
import { of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { JOB_SCHEDULER } from '../jobs/job-runner';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import { SCAN_SOURCES } from './amplify-scan-sources';
import { CleanupPage } from './cleanup-page';
import { CleanupRequests } from './cleanup-requests';
import { OrphanScanner } from './orphan-scanner';
import { OrphansPage } from './orphans-page';
import { SCAN_DISCOVERY } from './scan-discovery';
import { fakeScanDiscovery, songsAndAlbums } from './testing/scan-discovery-fake';
import { storefrontDiscovery } from './testing/storefront-discovery';
import type { Discovery } from '../discovery/discovery-result';

@Component({ template: '' })
class Blank {}

describe('OrphansPage', () => {
  let sources: FakeScanSources;
  let fixture: ComponentFixture<OrphansPage>;
  let loader: HarnessLoader;

  // A scan saves its summary for the overview; no other spec may find it.
  afterEach(() => localStorage.removeItem('attachment-console.last-scan'));

  async function render(groups: string[]): Promise<void> {
    localStorage.removeItem('attachment-console.last-scan');
    sources = new FakeScanSources(2)
      .file('images/s1/cover.png', 2048)
      .file('images/s1/old.png', 4096)
      .file('images/gone/left.png', 1024)
      .file('images/s2/new.png', 10, new Date())
      .record('Song', 's1', { coverArtPath: ['images/s1/cover.png'] })
      .record('Song', 's2', { coverArtPath: ['images/s2/missing.png'] })
      .record('PhotoAlbum', 'a1', { imagePaths: ['images/a1/lost.png'] });
    const auth = new FakeAuthClient();
    auth.user = userIn(...groups);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'orphans', component: Blank },
          { path: 'orphans/cleanup', component: Blank },
        ]),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: SCAN_SOURCES, useValue: sources },
        { provide: SCAN_DISCOVERY, useValue: fakeScanDiscovery(songsAndAlbums(), groups) },
        { provide: AttachmentEngine, useValue: { signedUrl: () => of('data:image/gif;base64,R0lGODlhAQABAAAAACw=') } },
      ],
    });
    await TestBed.inject(Session).ready();
    fixture = TestBed.createComponent(OrphansPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  }

  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');

  async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    }
  }

  async function scan(): Promise<void> {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Run scan/ }))).click();
    await settle();
  }

  async function rows(): Promise<Record<string, string>[]> {
    const table = await loader.getHarness(MatTableHarness);
    const all = await table.getRows();
    return Promise.all(all.map((r) => r.getCellTextByColumnName()));
  }

  it('runs the scan for any role and shows orphans and dangling references in tabs, without clean-up', async () => {
    await render(['VIEWERS']);
    expect(text()).toContain('No scan has run in this browser yet.');
    await scan();

    const tabs = await loader.getHarness(MatTabGroupHarness);
    const labels = await Promise.all((await tabs.getTabs()).map((t) => t.getLabel()));
    expect(labels).toEqual(['Orphan files (3)', 'Dangling references (2)']);
    const orphanRows = await rows();
    // Largest first.
    expect(orphanRows.map((r) => [r['path'], r['size']])).toEqual([
      ['images/s1/old.png', '4 KB'],
      ['images/gone/left.png', '1 KB'],
      ['images/s2/new.png', '10 B'],
    ]);
    expect(orphanRows[0]!['record']).toBe('Song s1');
    const links = (fixture.nativeElement as HTMLElement).querySelectorAll('td.mat-column-record a');
    expect([...links].map((l) => l.getAttribute('href'))).toEqual(['/songs/s1', '/songs/s2']);
    expect(orphanRows[1]!['record']).toBe('gone deleted');
    expect(orphanRows[2]!['age']).toContain('new');
    expect(text()).toMatch(/Last scan .* by viewers@example\.com/);
    expect(await loader.getAllHarnesses(MatCheckboxHarness)).toEqual([]);
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Delete/ }))).toEqual([]);

    await tabs.selectTab({ label: 'Dangling references (2)' });
    await settle();
    const dangling = await rows();
    expect(dangling.map((r) => [r['record'], r['field'], r['path']])).toEqual([
      ['Song s2', 'coverArtPath', 'images/s2/missing.png'],
      ['PhotoAlbum a1', 'imagePaths', 'images/a1/lost.png'],
    ]);
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Clear/ }))).toEqual([]);
  });

  it('shows progress while scanning and cancels', async () => {
    await render(['OPERATORS']);
    sources.held = true;
    await (await loader.getHarness(MatButtonHarness.with({ text: /Run scan/ }))).click();
    await settle();
    sources.release();
    await settle();
    expect(text()).toContain('Scanning… 2 files (1 pages), 3 records (2 pages)');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Cancel scan/ }))).click();
    const asked = sources.calls.length;
    sources.release();
    await settle();
    expect(sources.calls.length).toBe(asked);
    expect(text()).not.toContain('Scanning…');
    expect(text()).toContain('Run a scan to find files');
  });

  it('filters and sorts the orphan files, and exports them as CSV', async () => {
    await render(['OPERATORS']);
    await scan();
    await (await loader.getHarness(MatInputHarness.with({ placeholder: '' }))).setValue('s1');
    expect((await rows()).map((r) => r['path'])).toEqual(['images/s1/old.png']);
    await (await loader.getHarness(MatInputHarness)).setValue('');
    const sort = await loader.getHarness(MatSortHarness);
    const key = (await sort.getSortHeaders({ label: 'Key' }))[0]!;
    await key.click();
    expect((await rows()).map((r) => r['path'])).toEqual([
      'images/gone/left.png',
      'images/s1/old.png',
      'images/s2/new.png',
    ]);

    const clicked: HTMLAnchorElement[] = [];
    spyOn(HTMLAnchorElement.prototype, 'click').and.callFake(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    await (await loader.getHarness(MatButtonHarness.with({ text: /Export CSV/ }))).click();
    expect(clicked.length).toBe(1);
    expect(clicked[0]!.download).toMatch(/^orphan-files-\d{4}-\d\d-\d\dT\d{6}\.csv$/);
    const csv = await (await fetch(clicked[0]!.href)).text();
    expect(csv.split('\r\n')[0]).toBe('path,bytes,last_modified,record_id,record_model,record_exists,in_grace_period');
    expect(csv).toContain('images/gone/left.png,1024,2026-01-01T00:00:00.000Z,gone,,no,no');
  });

  it('offers clean-up to admins: the selection goes to the clean-up page', async () => {
    await render(['ADMINS']);
    await scan();
    expect(text()).toContain('1 file(s) are younger than 1 h and are never deleted');
    const deleteAll = await loader.getHarness(MatButtonHarness.with({ text: 'delete_sweep Delete all (2)' }));
    expect(await deleteAll.isDisabled()).toBeFalse();
    const selected = await loader.getHarness(MatButtonHarness.with({ text: /Delete selected/ }));
    expect(await selected.isDisabled()).toBeTrue();
    const [first] = await loader.getAllHarnesses(MatCheckboxHarness.with({ selector: 'td mat-checkbox' }));
    expect(await first!.getAriaLabel()).toBe('Select images/s1/old.png');
    await first!.check();
    expect(await selected.getText()).toContain('Delete selected (1)');
    await selected.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/orphans/cleanup');
    const request = TestBed.inject(CleanupRequests).request();
    expect(request?.kind === 'orphans' ? request.files.map((f) => f.path) : []).toEqual(['images/s1/old.png']);
  });
});

describe('CleanupPage', () => {
  afterEach(() => localStorage.removeItem('attachment-console.last-scan'));

  it('says what will be lost, then deletes through a job and shows its results', async () => {
    localStorage.removeItem('attachment-console.last-scan');
    const clock = new TestScheduler((a, e) => expect(a).toEqual(e));
    const sources = new FakeScanSources().file('images/x/old.png', 100).file('images/y/new.png', 5, new Date());
    const auth = new FakeAuthClient();
    auth.user = userIn('ADMINS');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: SCAN_SOURCES, useValue: sources },
        { provide: SCAN_DISCOVERY, useValue: fakeScanDiscovery(songsAndAlbums(), ['ADMINS']) },
        { provide: JOB_SCHEDULER, useValue: clock },
      ],
    });
    await TestBed.inject(Session).ready();
    const scanner = TestBed.inject(OrphanScanner);
    scanner.run();
    for (let i = 0; i < 20 && scanner.state().status !== 'done'; i++) await new Promise((r) => setTimeout(r));
    TestBed.inject(CleanupRequests).set({ kind: 'orphans', files: scanner.report()!.orphans });
    const fixture = TestBed.createComponent(CleanupPage);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
    expect(text()).toContain('Delete 2 orphan files (105 B)?');
    expect(text()).toContain('1 of these are younger than 1 h now and will be skipped.');

    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete files/ }))).click();
    for (let i = 0; i < 10 && !text().includes('Dismiss'); i++) {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    }
    expect(text()).toContain('1 of 2 done · 1 skipped');
    clock.flush();
    await fixture.whenStable();
    expect(text()).toContain('Skipped: Younger than the grace period (1 h)');
    expect(sources.objects.has('images/x/old.png')).toBeFalse();
    expect(sources.objects.has('images/y/new.png')).toBeTrue();
  });
});

describe('OrphansPage on a discovery it cannot vouch for', () => {
  afterEach(() => localStorage.removeItem('attachment-console.last-scan'));

  async function render(discovery: Discovery, storageGroups: string[]) {
    localStorage.removeItem('attachment-console.last-scan');
    const old = new Date('2026-01-01T00:00:00Z');
    const sources = new FakeScanSources(50)
      .file('products/p1/photo.png', 10, old)
      .file('products/gone/photo.png', 10, old)
      .file('avatars/us-east-1:abc/avatar.png', 10, old)
      .record('Product', 'p1', { imageKeys: ['products/p1/photo.png'], manualPath: [] })
      .record('Employee', 'e1', { avatarPath: ['avatar.png'] });
    const auth = new FakeAuthClient();
    auth.user = userIn('ADMINS');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: SCAN_SOURCES, useValue: sources },
        { provide: SCAN_DISCOVERY, useValue: fakeScanDiscovery(discovery, storageGroups) },
        { provide: AttachmentEngine, useValue: { signedUrl: () => of('data:image/gif;base64,R0lGODlhAQABAAAAACw=') } },
      ],
    });
    await TestBed.inject(Session).ready();
    const fixture = TestBed.createComponent(OrphansPage);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    await (await loader.getHarness(MatButtonHarness.with({ text: /Run scan/ }))).click();
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    }
    const el = fixture.nativeElement as HTMLElement;
    const text = (selector: string) =>
      [...el.querySelectorAll(selector)].map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());
    return { sources, loader, text };
  }

  it('says the clean-up will not run, which field, how many values resolved and the fix, and offers no clean-up', async () => {
    const unresolved = storefrontDiscovery({ status: 'unresolved', sampled: { values: 5, resolved: 0 } });
    const { sources, loader, text } = await render(unresolved, ['Managers']);
    const [alert] = text('[data-testid=cleanup-refused]');
    expect(alert).toContain('The clean-up will not run: discovery cannot vouch for the references');
    expect(alert).toContain(
      'Employee.avatarPath holds values that do not lead to stored files: 0 of 5 sampled values (0%)',
    );
    expect(alert).toContain('Fix: Store the path that uploadData returns');
    const tabs = await loader.getHarness(MatTabGroupHarness);
    expect(await (await tabs.getSelectedTab()).getLabel()).toBe('Orphan files (2)');
    expect(await loader.getAllHarnesses(MatCheckboxHarness)).toEqual([]);
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Delete/ }))).toEqual([]);
    expect(sources.calls.filter((c) => c.startsWith('remove'))).toEqual([]);
  });

  it('names the prefixes it scanned and the ones the groups cannot list, with the rule that would let them', async () => {
    const { text } = await render(storefrontDiscovery(), ['Staff']);
    expect(text('[data-testid=scanned-prefix]')).toEqual([
      'manuals/*: Product.manualPath',
      'products/*: Product.imageKeys',
      'galleries/*: Gallery.photoPaths',
    ]);
    const [avatars, exports] = text('[data-testid=unlisted-prefix] > span');
    expect(avatars).toContain('avatars/{entity_id}/* was not scanned. avatars/{entity_id}/* is one folder per user');
    expect(exports).toContain('exports/* was not scanned.');
    expect(text('[data-testid=unchecked] > span')).toEqual([
      '1 reference could not be checked (1 not a storage path): they are neither dangling nor known to be there.',
    ]);
    expect(text('[data-testid=cleanup-refused]')).toEqual([]);
  });

  it('the clean-up page shows the refusal instead of the delete button', async () => {
    const unresolved = storefrontDiscovery({ status: 'unresolved', sampled: { values: 5, resolved: 0 } });
    await render(unresolved, ['Managers']);
    const scanner = TestBed.inject(OrphanScanner);
    TestBed.inject(CleanupRequests).set({ kind: 'orphans', files: scanner.report()!.orphans });
    const fixture = TestBed.createComponent(CleanupPage);
    const loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role=alert]')?.textContent ?? '';
    expect(alert).toContain(
      'The clean-up will not run. Employee.avatarPath holds values that do not lead to stored files',
    );
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Delete files/ }))).toEqual([]);
    expect(() => scanner.deleteOrphans(scanner.report()!.orphans)).toThrowError(
      /^Clean-up refused: Employee\.avatarPath/,
    );
  });
});

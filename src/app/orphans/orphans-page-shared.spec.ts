import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatTabGroupHarness } from '@angular/material/tabs/testing';
import { Router, provideRouter } from '@angular/router';
import { of } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import { REPORT_FILES } from '../server-scan/report-files';
import { SCAN_RUN_API } from '../server-scan/scan-run-api';
import {
  configWith,
  FakeReportFiles,
  FakeScanRunApi,
  run,
  SERVER_SCAN_OUTPUTS,
  summaryOf,
} from '../server-scan/testing/fake-server-scan';
import { SCAN_SOURCES } from './amplify-scan-sources';
import { CleanupPage } from './cleanup-page';
import { CleanupRequests } from './cleanup-requests';
import { OrphansPage } from './orphans-page';
import { SCAN_DISCOVERY } from './scan-discovery';
import { fakeScanDiscovery, songsAndAlbums } from './testing/scan-discovery-fake';

@Component({ template: '' })
class Blank {}

describe('OrphansPage with the shared report', () => {
  let fixture: ComponentFixture<OrphansPage>;
  let loader: HarnessLoader;
  let files: FakeReportFiles;
  let sources: FakeScanSources;

  async function render(groups: string[]): Promise<void> {
    sources = new FakeScanSources(2)
      .record('PhotoAlbum', 'a1', { imagePaths: ['images/a1/kept.png', 'images/a1/lost.png'] })
      .record('Song', 's2', { coverArtPath: ['images/s2/missing.png'] });
    const [album] = await sources.referencesTo({ model: 'PhotoAlbum', field: 'imagePaths', kind: 'many' }, [
      'images/a1/lost.png',
    ]);
    const summary = summaryOf(
      { orphans: ['o1', 'o2'], dangling: ['d1'], shared: [] },
      { totals: { ...run().totals!, orphaned: 3, dangling: 2 } },
    );
    const orphan = (path: string) => ({
      path,
      size: 10,
      lastModified: '2026-12-01T00:00:00.000Z',
      prefix: 'images/',
      ownerId: path.split('/')[1],
      young: false,
    });
    files = new FakeReportFiles()
      .put('reports/r1/summary.json', summary)
      .put('o1', [orphan('images/x1/a.png'), orphan('images/x2/b.png')])
      .put('o2', [orphan('images/x3/c.png')])
      .put('d1', [
        { model: 'PhotoAlbum', id: 'a1', field: 'imagePaths', path: 'images/a1/lost.png', updatedAt: album!.updatedAt },
        {
          model: 'Song',
          id: 's2',
          field: 'coverArtPath',
          path: 'images/s2/missing.png',
          updatedAt: 'an older version',
        },
      ]);
    const api = new FakeScanRunApi();
    api.runs = [run()];
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
        { provide: SCAN_RUN_API, useValue: api },
        { provide: REPORT_FILES, useValue: files },
        configWith(SERVER_SCAN_OUTPUTS),
      ],
    });
    await TestBed.inject(Session).ready();
    fixture = TestBed.createComponent(OrphansPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await settle();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    }
  }

  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');

  it("shows the server's latest report without a scan in this browser, a page at a time", async () => {
    await render(['VIEWERS']);
    expect(text()).toContain('started by the daily schedule');
    expect(text()).not.toContain('This backend does not scan on the server');
    const tabs = await loader.getHarness(MatTabGroupHarness);
    expect(await Promise.all((await tabs.getTabs()).map((t) => t.getLabel()))).toEqual([
      'Orphan files (3)',
      'Dangling references (2)',
    ]);
    expect(text()).toContain('Loaded 2 of 3 orphan files and 2 of 2 dangling references');
    expect(files.reads).not.toContain('o2');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'More orphan files' }))).click();
    await settle();
    expect(text()).toContain('Loaded 3 of 3 orphan files');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: 'More orphan files' }))).toEqual([]);
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Delete all/ }))).toEqual([]);
  });

  it("clears a dangling reference of the shared report with the record's paths read again; a record changed since is left alone", async () => {
    await render(['ADMINS']);
    const tabs = await loader.getHarness(MatTabGroupHarness);
    await tabs.selectTab({ label: /Dangling/ });
    await settle();
    await (await loader.getHarness(MatButtonHarness.with({ text: /Clear all/ }))).click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/orphans/cleanup');
    const request = TestBed.inject(CleanupRequests).request();
    expect(request?.kind === 'dangling' ? request.refs.map((r) => [r.id, r.fieldPaths]) : []).toEqual([
      ['a1', ['images/a1/kept.png', 'images/a1/lost.png']],
    ]);
  });

  it('exports the whole report with its progress shown, and the export can be cancelled', async () => {
    await render(['VIEWERS']);
    const clicks = spyOn(HTMLAnchorElement.prototype, 'click');
    const release = files.hold('o2');
    const exportAll = await loader.getHarness(MatButtonHarness.with({ text: /All orphan files \(CSV\)/ }));
    await exportAll.click();
    await settle();
    expect(text()).toContain('Exporting 2 of 3 orphan files…');
    expect(await exportAll.isDisabled()).toBeTrue();
    const bar = await loader.getHarness(MatProgressBarHarness.with({ selector: '.export mat-progress-bar' }));
    expect(await bar.getValue()).toBeCloseTo(66.7, 0);

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Cancel export' }))).click();
    release();
    await settle();
    expect(text()).not.toContain('Exporting');
    expect(document.body.textContent).toContain('Export cancelled.');
    expect(clicks).not.toHaveBeenCalled();
    expect(await exportAll.isDisabled()).toBeFalse();
  });

  it('cleans up every orphan of the report, not only the loaded ones: page by page, through a job', async () => {
    await render(['ADMINS']);
    for (const path of ['images/x1/a.png', 'images/x2/b.png', 'images/x3/c.png']) sources.file(path);
    await (await loader.getHarness(MatCheckboxHarness.with({ selector: 'th mat-checkbox' }))).check();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Select all 3 orphans in the report' }))).click();
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete all 3 in the report/ }))).click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/orphans/cleanup');
    expect(TestBed.inject(CleanupRequests).request()).toEqual({
      kind: 'report-orphans',
      filter: '',
      total: 3,
      bytes: run().totals!.orphanedBytes,
    });

    const page = TestBed.createComponent(CleanupPage);
    const pageLoader = TestbedHarnessEnvironment.loader(page);
    await page.whenStable();
    const pageText = () => ((page.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
    expect(pageText()).toContain('Delete all 3 orphan files of the shared report (500 KB)?');
    expect(pageText()).toContain('reads the report from storage a page at a time');
    await (await pageLoader.getHarness(MatButtonHarness.with({ text: /Delete files/ }))).click();
    // The panel reads the items' notes at most every 200 ms.
    for (let i = 0; i < 50 && !pageText().includes('Page 2 of 2'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await page.whenStable();
    }
    expect(pageText()).toContain('2 of 2 done');
    expect(pageText()).toContain('Page 1 of 2 Done: 2 deleted of 2 files');
    expect(pageText()).toContain('Page 2 of 2 Done: 1 deleted of 1 file');
    expect(sources.objects.size).toBe(0);
    expect(files.reads.filter((k) => k === 'o2')).toHaveSize(1);
  });
});

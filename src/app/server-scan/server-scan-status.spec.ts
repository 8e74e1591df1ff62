import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { DatePipe } from '@angular/common';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { SCAN_RUN_API } from './scan-run-api';
import { ServerScanStatus } from './server-scan-status';
import { REPORT_FILES } from './report-files';
import { FakeReportFiles, FakeScanRunApi, SERVER_SCAN_OUTPUTS, configWith, run } from './testing/fake-server-scan';

describe('ServerScanStatus', () => {
  let api: FakeScanRunApi;
  let fixture: ComponentFixture<ServerScanStatus>;
  let loader: HarnessLoader;
  let files: FakeReportFiles;
  const listingSummary = { graceMs: 3_600_000, source: 'listing' };

  async function render(groups: string[], runs = [run()], summary: object = listingSummary): Promise<void> {
    files = new FakeReportFiles().put('reports/r1/summary.json', summary);
    api = new FakeScanRunApi();
    api.runs = runs;
    const auth = new FakeAuthClient();
    auth.user = userIn(...groups);
    TestBed.configureTestingModule({
      providers: [
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: SCAN_RUN_API, useValue: api },
        { provide: REPORT_FILES, useValue: files },
        configWith(SERVER_SCAN_OUTPUTS),
      ],
    });
    await TestBed.inject(Session).ready();
    fixture = TestBed.createComponent(ServerScanStatus);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await settle();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r));
      await fixture.whenStable();
    }
  }

  const text = () => ((fixture.nativeElement as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');

  it('shows the latest report to a viewer: when, who started it and its counts, with no start button', async () => {
    await render(['VIEWERS']);
    expect(text()).toContain('Shared report from Dec 5, 2026');
    expect(text()).toContain('started by the daily schedule: 10,000 files, 1,000 orphaned, 200 dangling.');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Scan now/ }))).toEqual([]);
  });

  it('names who started the report: you by your email, another operator by the name the run recorded', async () => {
    await render(['OPERATORS'], [run({ id: 'r2', startedBy: 'ann@example.com' }), run()]);
    expect(text()).toContain('started by ann@example.com: 10,000 files');
    const email = TestBed.inject(Session).user()!.email!;
    api.live.next(run({ id: 'r3', startedAt: '2026-12-06T00:00:00.000Z', startedBy: email }));
    await settle();
    expect(text()).toContain('started by you: 10,000 files');
  });

  it('says the report came from a listing of the bucket, and what the grace period means then', async () => {
    await render(['VIEWERS']);
    const source = (fixture.nativeElement as HTMLElement).querySelector('[data-testid=report-source]');
    expect(source?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'From a listing of the bucket. Every file stored when the scan ran is in it; an unreferenced file younger than ' +
        'the grace period (1 hour) is listed but never cleaned up.',
    );
    expect(files.reads).toEqual(['reports/r1/summary.json']);
  });

  it('says the report came from an S3 Inventory report of a date, and that newer files wait for the next one', async () => {
    await render(['VIEWERS'], [run()], {
      graceMs: 7_200_000,
      source: 'inventory',
      inventory: { manifestKey: 'inventory/manifest.json', createdAt: '2026-12-04T01:00:00.000Z' },
    });
    expect(text()).toContain(
      `From the S3 Inventory report of ${new DatePipe('en-US').transform('2026-12-04T01:00:00.000Z', 'medium')} `.replace(
        /\s+/g,
        ' ',
      ) + '(files written since then appear in the next report).',
    );
    expect(text()).toContain(
      'An unreferenced file written after that report is not in this one, so it is neither listed nor cleaned up ' +
        'until the next report; the grace period (2 hours) still keeps any newer file out of clean-up.',
    );
  });

  it('says why a listing was made instead of reading the inventory report', async () => {
    await render(['VIEWERS'], [run()], {
      graceMs: 3_600_000,
      source: 'listing',
      listedBecause: 'inventory inventory/x/manifest.json was made 60 h ago (one at most 48 h old is used)',
    });
    expect(text()).toContain(
      'From a listing of the bucket (not the S3 Inventory report: inventory inventory/x/manifest.json was made 60 h ' +
        'ago (one at most 48 h old is used)).',
    );
  });

  it('shows no source when the summary cannot be read, and the report line still', async () => {
    await render(['VIEWERS'], [run({ report: { prefix: 'reports/x/', summaryKey: 'reports/x/summary.json' } })]);
    expect(text()).toContain('started by the daily schedule: 10,000 files');
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid=report-source]')).toBeNull();
  });

  it('lets an operator start a run, and follows its progress live until it is done', async () => {
    await render(['OPERATORS']);
    const start = await loader.getHarness(MatButtonHarness.with({ text: /Scan now/ }));
    await start.click();
    expect(api.starts).toBe(1);

    const me = TestBed.inject(Session).user()!.username;
    api.live.next(
      run({
        id: 'r2',
        startedAt: new Date().toISOString(),
        startedBy: me,
        status: 'running',
        finishedAt: null,
        recordsRead: 1200,
        objectsListed: 0,
        report: null,
        totals: null,
      }),
    );
    await settle();
    expect(await loader.getAllHarnesses(MatProgressBarHarness)).toHaveSize(1);
    expect(text()).toContain('Scanning on the server (started by you, just now): 1,200 records read, 0 files listed');
    expect(await start.isDisabled()).toBeTrue();

    api.live.next(
      run({
        id: 'r2',
        startedAt: new Date().toISOString(),
        startedBy: me,
        recordsRead: 3500,
        objectsListed: 4000,
        finishedAt: new Date().toISOString(),
        orphans: 7,
      }),
    );
    await settle();
    expect(await loader.getAllHarnesses(MatProgressBarHarness)).toEqual([]);
    expect(text()).toContain('started by you: 10,000 files, 7 orphaned');
    expect(await start.isDisabled()).toBeFalse();
  });

  it('says when no run has finished yet, and names a failed run with its reason', async () => {
    await render(
      ['ADMINS'],
      [run({ status: 'failed', error: 'AccessDenied on reports/', report: null, totals: null })],
    );
    expect(text()).toContain('No server scan has finished yet.');
    expect(text()).toContain('failed: AccessDenied on reports/');
  });

  it("shows the backend's refusal to start a run", async () => {
    await render(['OPERATORS']);
    api.refuse = 'Not Authorized to access startOrphanScan on type Mutation';
    await (await loader.getHarness(MatButtonHarness.with({ text: /Scan now/ }))).click();
    await settle();
    expect(document.body.textContent).toContain('Not Authorized to access startOrphanScan');
  });
});

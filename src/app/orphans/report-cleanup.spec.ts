import { TestBed } from '@angular/core/testing';
import { filter, firstValueFrom } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { WORKFLOW_EVENTS, type WorkflowEvent } from '../attachments/workflow-events';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import type { Job } from '../jobs/job';
import { REPORT_FILES } from '../server-scan/report-files';
import { ServerReport } from '../server-scan/server-report';
import { FakeReportFiles, run, summaryOf } from '../server-scan/testing/fake-server-scan';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import { SCAN_SOURCES } from './amplify-scan-sources';
import { CLEANUP_CONCURRENCY } from './cleanup';
import { OrphanScanner } from './orphan-scanner';
import { ReportCleanup, type ReportPage, matchesFilter } from './report-cleanup';
import { SCAN_DISCOVERY } from './scan-discovery';
import { fakeScanDiscovery, songsAndAlbums } from './testing/scan-discovery-fake';

const line = (path: string, young = false) => ({
  path,
  size: 100,
  lastModified: '2026-01-01T00:00:00.000Z',
  prefix: 'images/',
  ownerId: path.split('/')[1],
  young,
});

describe('ReportCleanup', () => {
  let sources: FakeScanSources;
  let files: FakeReportFiles;
  let events: WorkflowEvent[];

  /** The shared report open and shown, its pages as given; the same files in storage. */
  async function cleanup(groups: string[], pages: ReturnType<typeof line>[][]): Promise<ReportCleanup> {
    sources = new FakeScanSources();
    const summary = summaryOf({ orphans: pages.map((_, i) => `p${i + 1}`), dangling: [], shared: [] });
    files = new FakeReportFiles().put('reports/r1/summary.json', summary);
    pages.forEach((lines, i) => {
      files.put(`p${i + 1}`, lines);
      for (const l of lines) sources.file(l.path);
    });
    const auth = new FakeAuthClient();
    auth.user = userIn(...groups);
    events = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: SCAN_SOURCES, useValue: sources },
        { provide: SCAN_DISCOVERY, useValue: fakeScanDiscovery(songsAndAlbums(), groups) },
        { provide: REPORT_FILES, useValue: files },
        { provide: WORKFLOW_EVENTS, useValue: { happened: (e: WorkflowEvent) => events.push(e) } },
      ],
    });
    await TestBed.inject(Session).ready();
    const loaded = await TestBed.inject(ServerReport).open(run());
    await TestBed.inject(OrphanScanner).adopt(loaded!.report);
    return TestBed.inject(ReportCleanup);
  }

  const through = (job: Job<ReportPage>) =>
    firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')));
  const outcome = (job: Job<ReportPage>) => job.results().map((r) => [r.label, r.status, r.reason]);

  it('deletes the orphans of every page, reading each page only when the job reaches it', async () => {
    const clean = await cleanup(
      ['ADMINS'],
      [
        [line('images/a/1.png'), line('images/b/2.png')],
        [line('images/c/3.png'), line('images/d/new.png', true)],
      ],
    );
    const readsBefore = files.reads.length;
    const job = clean.deleteAll('');
    await through(job);
    expect(files.reads.slice(readsBefore)).toEqual(['p1', 'p2']);
    expect([...sources.objects.keys()]).toEqual(['images/d/new.png']);
    expect(outcome(job)).toEqual([
      ['Page 1 of 2', 'ok', '2 deleted of 2 files'],
      ['Page 2 of 2', 'ok', '1 deleted of 1 file'],
    ]);
    expect(job.title).toBe('Delete all 1,000 orphan files of the shared report');
    expect(events.map((e) => [e.action, e.before, e.result])).toEqual([
      ['cleanup', ['images/a/1.png'], 'orphan file deleted'],
      ['cleanup', ['images/b/2.png'], 'orphan file deleted'],
      ['cleanup', ['images/c/3.png'], 'orphan file deleted'],
    ]);
    expect(new Set(events.map((e) => e.jobId)).size).toBe(1);
    // The loaded rows lose what was deleted.
    expect(
      TestBed.inject(OrphanScanner)
        .report()!
        .orphans.map((o) => o.path),
    ).toEqual([]);
  });

  it('applies the filter to every page as it reads it', async () => {
    const clean = await cleanup(
      ['ADMINS'],
      [
        [line('images/a/keep.png'), line('images/b/match-1.png')],
        [line('images/c/match-2.png'), line('images/d/keep.png')],
      ],
    );
    const job = clean.deleteAll('  MATCH ');
    await through(job);
    expect([...sources.objects.keys()].sort()).toEqual(['images/a/keep.png', 'images/d/keep.png']);
    expect(job.title).toBe("Delete the shared report's orphan files matching “MATCH”");
  });

  it('keeps a file a record references again, and says so on its page', async () => {
    const clean = await cleanup(['ADMINS'], [[line('images/a/1.png'), line('images/b/2.png')]]);
    sources.record('Song', 'b', { coverArtPath: ['images/b/2.png'] });
    const job = clean.deleteAll('');
    await through(job);
    expect([...sources.objects.keys()]).toEqual(['images/b/2.png']);
    expect(outcome(job)).toEqual([['Page 1 of 1', 'ok', '1 deleted, 1 kept (referenced again or too new) of 2 files']]);
  });

  it('fails a page whose deletes failed, with the first reason; a retry finishes it', async () => {
    const clean = await cleanup(['ADMINS'], [[line('images/a/1.png'), line('images/b/2.png')]]);
    const original = sources.removeFile.bind(sources);
    let offline = true;
    sources.removeFile = (path) =>
      offline && path === 'images/b/2.png'
        ? Promise.reject(new AttachmentError('unavailable', 'Offline.'))
        : original(path);
    const job = clean.deleteAll('');
    await through(job);
    expect(outcome(job)).toEqual([
      ['Page 1 of 1', 'failed', '1 deleted, 1 failed of 2 files. First failure: images/b/2.png: Offline.'],
    ]);
    offline = false;
    expect(job.retryFailed()).toBeTrue();
    await through(job);
    expect(outcome(job)).toEqual([['Page 1 of 1', 'ok', '1 deleted, 1 already gone of 2 files']]);
    expect(sources.objects.size).toBe(0);
  });

  it('stops between batches when cancelled, and reads no later page', async () => {
    const many = Array.from({ length: CLEANUP_CONCURRENCY + 3 }, (_, i) => line(`images/n${i}/x.png`));
    const clean = await cleanup(['ADMINS'], [many, [line('images/z/last.png')]]);
    sources.held = true;
    const job = clean.deleteAll('');
    for (let i = 0; i < 50 && sources.pending === 0; i++) await new Promise((r) => setTimeout(r));
    job.cancel();
    while (job.progress.state === 'canceling') {
      sources.release();
      await new Promise((r) => setTimeout(r));
    }
    expect(sources.objects.size).toBe(4);
    expect(files.reads).not.toContain('p2');
    expect(outcome(job)).toEqual([
      [
        'Page 1 of 2',
        'skipped',
        `Canceled part-way: ${CLEANUP_CONCURRENCY} deleted of ${CLEANUP_CONCURRENCY} files; 3 not looked at.`,
      ],
      ['Page 2 of 2', 'skipped', 'Canceled before it started.'],
    ]);
  });

  it('refuses anyone but admins before reading anything', async () => {
    const clean = await cleanup(['OPERATORS'], [[line('images/a/1.png')]]);
    const reads = files.reads.length;
    expect(() => clean.deleteAll('')).toThrowError(AttachmentError, /Only admins/);
    expect(files.reads.length).toBe(reads);
  });
});

describe('matchesFilter', () => {
  const file = { path: 'images/abc/Photo.png', owner: { id: 'abc', exists: true } } as Parameters<
    typeof matchesFilter
  >[0];
  it('matches the key or the record id, ignoring case and spaces around; an empty filter matches all', () => {
    expect(matchesFilter(file, ' photo ')).toBeTrue();
    expect(matchesFilter(file, 'ABC')).toBeTrue();
    expect(matchesFilter(file, '')).toBeTrue();
    expect(matchesFilter(file, 'other')).toBeFalse();
  });
});

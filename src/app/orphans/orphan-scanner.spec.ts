import { TestBed } from '@angular/core/testing';
import { filter, firstValueFrom } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { WORKFLOW_EVENTS, type WorkflowEvent } from '../attachments/workflow-events';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { Session } from '../core/auth/session';
import { FakeAuthClient, userIn } from '../../testing/fake-auth-client';
import { FakeScanSources } from '../../testing/fake-scan-sources';
import { SCAN_SOURCES } from './amplify-scan-sources';
import { OrphanScanner } from './orphan-scanner';
import { SCAN_DISCOVERY } from './scan-discovery';
import { fakeScanDiscovery, songsAndAlbums } from './testing/scan-discovery-fake';

describe('OrphanScanner', () => {
  let sources: FakeScanSources;

  async function scanner(groups: string[]): Promise<OrphanScanner> {
    localStorage.removeItem('attachment-console.last-scan');
    sources = new FakeScanSources()
      .file('images/a/old.png')
      .file('images/b/old.png')
      .record('Song', 's', { coverArtPath: ['images/s/gone.png'] })
      .record('Song', 't', { coverArtPath: ['images/t/gone.png'] });
    const auth = new FakeAuthClient();
    auth.user = userIn(...groups);
    TestBed.configureTestingModule({
      providers: [
        { provide: AUTH_CLIENT, useValue: auth },
        { provide: SCAN_SOURCES, useValue: sources },
        { provide: SCAN_DISCOVERY, useValue: fakeScanDiscovery(songsAndAlbums(), groups) },
        { provide: WORKFLOW_EVENTS, useValue: { happened: () => undefined } },
      ],
    });
    await TestBed.inject(Session).ready();
    return TestBed.inject(OrphanScanner);
  }

  async function scanned(s: OrphanScanner): Promise<void> {
    s.run();
    for (let i = 0; i < 20 && s.state().status === 'running'; i++) await new Promise((r) => setTimeout(r));
  }

  afterEach(() => localStorage.removeItem('attachment-console.last-scan'));

  it('keeps the last report and a summary (when, by whom, totals) that outlives a reload', async () => {
    const s = await scanner(['VIEWERS']);
    await scanned(s);
    expect(s.state().status).toBe('done');
    expect(s.report()!.orphans.length).toBe(2);
    const saved = JSON.parse(localStorage.getItem('attachment-console.last-scan')!) as { by: string; totals: object };
    expect(saved.by).toBe('viewers@example.com');
    expect(saved.totals).toEqual(jasmine.objectContaining({ files: 2, orphaned: 2, dangling: 2 }));
    expect(s.summary()?.by).toBe('viewers@example.com');
  });

  it('forgets the report when the user signs out', async () => {
    const s = await scanner(['VIEWERS']);
    await scanned(s);
    expect(s.report()).not.toBeNull();
    await TestBed.inject(Session).signOut();
    TestBed.tick();
    expect(s.report()).toBeNull();
    expect(s.state().status).toBe('idle');
  });

  it('refuses clean-up to roles other than admins, before any request', async () => {
    const s = await scanner(['OPERATORS']);
    await scanned(s);
    expect(() => s.deleteOrphans(s.report()!.orphans)).toThrow(
      new AttachmentError('forbidden', 'Only admins clean up orphans and dangling references.'),
    );
    expect(() => s.clearDangling(s.report()!.dangling)).toThrowError(AttachmentError);
    expect(sources.calls.some((c) => c.startsWith('remove') || c.startsWith('set'))).toBeFalse();
  });

  it('takes what a clean-up job did out of the report, and leaves what it skipped or failed', async () => {
    const s = await scanner(['ADMINS']);
    await scanned(s);
    const original = sources.removeFile.bind(sources);
    sources.removeFile = (path) =>
      path === 'images/b/old.png' ? Promise.reject(new AttachmentError('unavailable', 'Offline.')) : original(path);
    const job = s.deleteOrphans(s.report()!.orphans);
    await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished')));
    expect(s.report()!.orphans.map((o) => o.path)).toEqual(['images/b/old.png']);

    const clearing = s.clearDangling(s.report()!.dangling);
    await firstValueFrom(clearing.progress$.pipe(filter((p) => p.state === 'finished')));
    expect(s.report()!.dangling).toEqual([]);
  });

  it('reports each file it deleted and each record it cleared to the audit trail, with the job', async () => {
    const s = await scanner(['ADMINS']);
    const events: WorkflowEvent[] = [];
    spyOn(TestBed.inject(WORKFLOW_EVENTS), 'happened').and.callFake((e) => events.push(e));
    await scanned(s);
    const original = sources.removeFile.bind(sources);
    sources.removeFile = (path) =>
      path === 'images/b/old.png' ? Promise.reject(new AttachmentError('unavailable', 'Offline.')) : original(path);
    const job = s.deleteOrphans(s.report()!.orphans);
    await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished')));
    const clearing = s.clearDangling(s.report()!.dangling);
    await firstValueFrom(clearing.progress$.pipe(filter((p) => p.state === 'finished')));
    expect(events.map((e) => [e.action, e.model, e.recordId, e.before, e.after, e.result])).toEqual([
      ['cleanup', '', '', ['images/a/old.png'], [], 'orphan file deleted'],
      ['cleanup', 'Song', 's', ['images/s/gone.png'], [], 'dangling references cleared'],
      ['cleanup', 'Song', 't', ['images/t/gone.png'], [], 'dangling references cleared'],
    ]);
    // One id per job, unique beyond this tab (a job number restarts at 1 in every tab).
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(events[0].jobId).toMatch(uuid);
    expect(events[1].jobId).toMatch(uuid);
    expect(events[2].jobId).toBe(events[1].jobId);
    expect(events[1].jobId).not.toBe(events[0].jobId);
  });

  it('runs a clean-up job wide enough that its files share their reference passes', async () => {
    const s = await scanner(['ADMINS']);
    for (let i = 0; i < 58; i++) sources.file(`images/n${i}/old.png`);
    // As many files in use: a prefix where nearly everything looks orphaned is not cleaned up.
    for (let i = 0; i < 60; i++)
      sources.file(`images/r${i}/c.png`).record('Song', `r${i}`, { coverArtPath: [`images/r${i}/c.png`] });
    await scanned(s);
    const job = s.deleteOrphans(s.report()!.orphans);
    await firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished')));
    // 60 files: ⌈60 / 50⌉ passes per file field (8 at once, the bulk default, would take 8).
    expect(sources.calls.filter((c) => c.startsWith('refs Song ')).length).toBe(2);
    expect(sources.calls.filter((c) => c.startsWith('refs PhotoAlbum ')).length).toBe(2);
    expect(sources.objects.size).toBe(60);
  });

  it('reports a failed scan with its error, and a cancelled one goes back to the last report', async () => {
    const s = await scanner(['VIEWERS']);
    sources.listFiles = () => Promise.reject(new AttachmentError('forbidden', 'No list for you.'));
    await scanned(s);
    const state = s.state();
    expect(state.status === 'failed' ? (state.error as Error).message : '').toBe('No list for you.');

    sources.held = true;
    s.run();
    expect(s.scanning()).toBeTrue();
    s.cancel();
    expect(s.state().status).toBe('idle');
  });
});

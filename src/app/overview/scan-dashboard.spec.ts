import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { FakeAuthClient } from '../../testing/fake-auth-client';
import { SCAN_DISCOVERY } from '../orphans/scan-discovery';
import { fakeScanDiscovery } from '../orphans/testing/scan-discovery-fake';
import { SCAN_RUN_API } from '../server-scan/scan-run-api';
import { FakeScanRunApi, SERVER_SCAN_OUTPUTS, configWith, run } from '../server-scan/testing/fake-server-scan';
import { ScanDashboard } from './scan-dashboard';

describe('ScanDashboard', () => {
  const KEY = 'attachment-console.last-scan';
  beforeEach(() => localStorage.removeItem(KEY));
  afterEach(() => localStorage.removeItem(KEY));

  function render(): HTMLElement {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: AUTH_CLIENT, useValue: new FakeAuthClient() },
        { provide: SCAN_DISCOVERY, useValue: fakeScanDiscovery(undefined) },
      ],
    });
    const fixture = TestBed.createComponent(ScanDashboard);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows the counts of the last scan, each a link, and when and by whom it ran', () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({
        scannedAt: '2026-11-25T10:30:00.000Z',
        by: 'admin@example.com',
        totals: {
          files: 1234,
          bytes: 5 * 1024 * 1024,
          referenced: 1200,
          orphaned: 34,
          orphanedBytes: 1,
          dangling: 4,
          shared: 0,
          records: { Song: 24, PhotoAlbum: 8 },
        },
      }),
    );
    const el = render();
    const tiles = [...el.querySelectorAll('.tiles a')].map((a) => [
      a.querySelector('.label')!.textContent!.trim(),
      a.querySelector('.value')!.textContent!.trim(),
      a.getAttribute('href'),
    ]);
    expect(tiles).toEqual([
      ['Songs', '24', '/songs'],
      ['Albums', '8', '/albums'],
      ['Files', '1,234', '/orphans'],
      ['Stored', '5 MB', '/orphans'],
      ['Orphan files', '34', '/orphans'],
      ['Dangling references', '4', '/orphans?tab=dangling'],
    ]);
    expect(el.querySelector('[data-testid=scan-time]')!.textContent).toContain('by admin@example.com');
  });

  it('counts the records of every scanned model and the files of every storage prefix', () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({
        scannedAt: '2026-11-25T10:30:00.000Z',
        by: 'manager@storefront.example',
        plurals: { Product: 'Products', Gallery: 'Galleries', StaffBadge: 'StaffBadges' },
        totals: {
          files: 13,
          bytes: 13 * 1024,
          referenced: 11,
          orphaned: 2,
          orphanedBytes: 2048,
          dangling: 1,
          shared: 0,
          records: { Product: 5, Gallery: 2, StaffBadge: 1 },
          prefixes: {
            'manuals/': { files: 3, bytes: 3072, orphaned: 0, orphanedBytes: 0 },
            'galleries/': { files: 10, bytes: 10240, orphaned: 2, orphanedBytes: 2048 },
          },
        },
      }),
    );
    const el = render();
    const tiles = [...el.querySelectorAll('.tiles a')].map((a) => [
      a.querySelector('.label')!.textContent!.trim(),
      a.querySelector('.value')!.textContent!.trim(),
      a.querySelector('.detail')?.textContent!.trim() ?? '',
      a.getAttribute('href'),
      a.classList.contains('warn'),
    ]);
    expect(tiles).toEqual([
      ['Products', '5', '', '/records/Product', false],
      ['Galleries', '2', '', '/records/Gallery', false],
      ['Staff badges', '1', '', '/records/StaffBadge', false],
      ['Files', '13', '', '/orphans', false],
      ['Stored', '13 KB', '', '/orphans', false],
      ['Orphan files', '2', '', '/orphans', true],
      ['Dangling references', '1', '', '/orphans?tab=dangling', true],
      ['Files in manuals/', '3', '3 KB · 0 orphaned', '/orphans', false],
      ['Files in galleries/', '10', '10 KB · 2 orphaned', '/orphans', true],
    ]);
  });

  it("shows the server's shared report to everyone, over this browser's own scan", async () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({
        scannedAt: '2026-11-25T10:30:00.000Z',
        by: 'me',
        totals: {
          files: 1,
          bytes: 1,
          referenced: 1,
          orphaned: 0,
          orphanedBytes: 0,
          dangling: 0,
          shared: 0,
          records: {},
        },
      }),
    );
    const api = new FakeScanRunApi();
    api.runs = [run({ id: 'r2', status: 'running', report: null, totals: null, finishedAt: null }), run()];
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: AUTH_CLIENT, useValue: new FakeAuthClient() },
        { provide: SCAN_DISCOVERY, useValue: fakeScanDiscovery(undefined) },
        { provide: SCAN_RUN_API, useValue: api },
        configWith(SERVER_SCAN_OUTPUTS),
      ],
    });
    const fixture = TestBed.createComponent(ScanDashboard);
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const tiles = [...el.querySelectorAll('.tiles a')].map((a) => [
      a.querySelector('.label')!.textContent!.trim(),
      a.querySelector('.value')!.textContent!.trim(),
    ]);
    expect(tiles.slice(0, 6)).toEqual([
      ['Songs', '3,000'],
      ['Albums', '500'],
      ['Files', '10,000'],
      ['Stored', '4.9 MB'],
      ['Orphan files', '1,000'],
      ['Dangling references', '200'],
    ]);
    expect(el.querySelector('[data-testid=scan-time]')!.textContent!.replace(/\s+/g, ' ')).toContain(
      'From the shared report of Dec 5, 2026, 12:01:00 AM, started by the daily schedule',
    );
  });

  it('says where the counts come from before any scan', () => {
    const el = render();
    expect(el.textContent).toContain('No counts yet: they come from the orphan report.');
    expect(el.querySelector('a')!.getAttribute('href')).toBe('/orphans');
  });
});

import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AUTH_CLIENT } from '../core/auth/auth-client';
import { FakeAuthClient } from '../../testing/fake-auth-client';
import { ScanDashboard } from './scan-dashboard';

describe('ScanDashboard', () => {
  const KEY = 'attachment-console.last-scan';
  beforeEach(() => localStorage.removeItem(KEY));
  afterEach(() => localStorage.removeItem(KEY));

  function render(): HTMLElement {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: AUTH_CLIENT, useValue: new FakeAuthClient() }],
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

  it('says where the counts come from before any scan', () => {
    const el = render();
    expect(el.textContent).toContain('No counts yet: they come from the orphan report.');
    expect(el.querySelector('a')!.getAttribute('href')).toBe('/orphans');
  });
});

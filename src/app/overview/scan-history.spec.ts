import { TestBed } from '@angular/core/testing';
import { run } from '../server-scan/testing/fake-server-scan';
import { historyCharts } from './history-series';
import { Theme } from '../core/theme/theme';
import { ScanHistory } from './scan-history';

describe('ScanHistory', () => {
  const runs = [
    run({ id: 'a', startedAt: '2026-12-03T00:00:00.000Z', finishedAt: '2026-12-03T00:01:00.000Z' }),
    run({
      id: 'b',
      startedAt: '2026-12-04T00:00:00.000Z',
      finishedAt: '2026-12-04T00:01:00.000Z',
      totals: {
        ...run().totals!,
        prefixes: { 'images/': { files: 9000, bytes: 4_000_000, orphaned: 400, orphanedBytes: 1 } },
        fields: { 'Song.coverArtPath': { references: 3000, dangling: 10 } },
      },
    }),
  ];

  // The theme test pins a choice, which Theme writes to localStorage and <html>; undo both so
  // a later spec (the shell's theme switch) starts from the OS preference, not this choice.
  afterEach(() => {
    localStorage.removeItem('attachment-console.theme');
    document.documentElement.style.colorScheme = '';
  });

  function render(list = runs): HTMLElement {
    const fixture = TestBed.createComponent(ScanHistory);
    fixture.componentRef.setInput('runs', list);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('draws files, bytes, orphans and dangling references over the reports, each described for screen readers', () => {
    const el = render();
    const charts = [...el.querySelectorAll('canvas[data-testid="history-chart"]')];
    expect([...el.querySelectorAll('h3')].map((h) => h.textContent?.trim())).toEqual([
      'Files',
      'Stored',
      'Orphan files',
      'Dangling references',
    ]);
    expect(charts.map((c) => c.getAttribute('aria-label'))).toEqual([
      'Files over 2 reports: images/ 9,000',
      'Stored over 2 reports: images/ 3.8 MB',
      'Orphan files over 2 reports: images/ 400',
      'Dangling references over 2 reports: PhotoAlbum.imagePaths none, Song.coverArtPath 10',
    ]);
    expect(el.textContent).toContain('2 reports from Dec 3, 2026 to Dec 4, 2026');
  });

  it('says the history needs two reports', () => {
    const el = render(runs.slice(0, 1));
    expect(el.querySelector('[data-testid="history-none"]')?.textContent).toContain('once there are two reports');
    expect(el.querySelectorAll('canvas')).toHaveSize(0);
  });

  it('gives a line per prefix and per field, with gaps where a report lacks one', () => {
    const { charts } = historyCharts(runs);
    expect(charts[3]!.series).toEqual([
      { name: 'PhotoAlbum.imagePaths', values: [50, null] },
      { name: 'Song.coverArtPath', values: [150, 10] },
    ]);
  });

  it('draws the charts again when the theme switches, so their text takes the new colour', async () => {
    const el = render();
    const { Chart } = await import('chart.js');
    const canvas = el.querySelector('canvas[data-testid="history-chart"]') as HTMLCanvasElement;
    const before = Chart.getChart(canvas);
    expect(before).toBeDefined();
    const theme = TestBed.inject(Theme);
    theme.choice.set(theme.isDark() ? 'light' : 'dark');
    TestBed.tick();
    const after = Chart.getChart(canvas);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });
});

import type { ScanRun } from '../server-scan/scan-run';
import { historyCharts } from './history-series';

type Totals = NonNullable<ScanRun['totals']>;

const run = (id: string, finishedAt: string | null, totals: Partial<Totals> | null): ScanRun => ({
  id,
  startedAt: `start-${id}`,
  startedBy: 'schedule',
  status: finishedAt ? 'done' : 'running',
  finishedAt,
  recordsRead: 0,
  objectsListed: 0,
  orphans: null,
  dangling: null,
  shared: null,
  report: null,
  totals: totals as Totals | null,
  error: null,
});

const prefix = (files: number, bytes: number, orphaned: number) => ({ files, bytes, orphaned });

describe('historyCharts', () => {
  it('gives four empty charts for no runs', () => {
    const { labels, charts } = historyCharts([]);
    expect(labels).toEqual([]);
    expect(charts.map((c) => [c.title, c.unit, c.series.length])).toEqual([
      ['Files', 'count', 0],
      ['Stored', 'bytes', 0],
      ['Orphan files', 'count', 0],
      ['Dangling references', 'count', 0],
    ]);
  });

  it('plots each prefix and field across the runs in their order, labelled by when each finished', () => {
    const runs = [
      run('1', '2026-05-01T00:00:00Z', {
        prefixes: { 'images/': prefix(10, 1000, 2) },
        fields: { 'Song.coverArtPath': { dangling: 1 } },
      } as unknown as Partial<Totals>),
      run('2', '2026-05-02T00:00:00Z', {
        prefixes: { 'images/': prefix(12, 1500, 0), 'docs/': prefix(3, 30, 1) },
        fields: { 'Song.coverArtPath': { dangling: 0 } },
      } as unknown as Partial<Totals>),
    ];
    const { labels, charts } = historyCharts(runs);
    expect(labels).toEqual(['2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z']);
    const [files, stored, orphans, dangling] = charts;
    // Names sorted, a prefix a run did not have is a gap (null), not a zero.
    expect(files!.series).toEqual([
      { name: 'docs/', values: [null, 3] },
      { name: 'images/', values: [10, 12] },
    ]);
    expect(stored!.series).toEqual([
      { name: 'docs/', values: [null, 30] },
      { name: 'images/', values: [1000, 1500] },
    ]);
    expect(orphans!.series).toEqual([
      { name: 'docs/', values: [null, 1] },
      { name: 'images/', values: [2, 0] },
    ]);
    expect(dangling!.series).toEqual([{ name: 'Song.coverArtPath', values: [1, 0] }]);
  });

  it('labels a run that has not finished by its start, and leaves gaps where a run has no totals', () => {
    const runs = [
      run('1', '2026-05-01T00:00:00Z', { prefixes: { 'ünï/名/': prefix(1, 5, 0) } } as unknown as Partial<Totals>),
      run('2', null, null),
    ];
    const { labels, charts } = historyCharts(runs);
    expect(labels).toEqual(['2026-05-01T00:00:00Z', 'start-2']);
    expect(charts[0]!.series).toEqual([{ name: 'ünï/名/', values: [1, null] }]);
    expect(charts[3]!.series).toEqual([]);
  });
});

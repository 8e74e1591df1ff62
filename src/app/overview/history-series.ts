import type { ScanRun } from '../server-scan/scan-run';

/** One line of a history chart: a name and a value per report (null where that report has none). */
export interface Series {
  readonly name: string;
  readonly values: readonly (number | null)[];
}

/** One chart of the history: what it measures, and a line per prefix or per model's field. */
export interface HistoryChart {
  readonly title: string;
  readonly unit: 'count' | 'bytes';
  readonly series: readonly Series[];
}

/**
 * What the overview plots from past reports' totals, oldest first: files, bytes and orphans per
 * storage prefix, dangling references per model's file field.
 */
export function historyCharts(runs: readonly ScanRun[]): { labels: string[]; charts: HistoryChart[] } {
  const labels = runs.map((r) => r.finishedAt ?? r.startedAt);
  const keys = (pick: (r: ScanRun) => Record<string, unknown> | undefined) =>
    [...new Set(runs.flatMap((r) => Object.keys(pick(r) ?? {})))].sort();
  const prefixes = keys((r) => r.totals?.prefixes);
  const fields = keys((r) => r.totals?.fields);
  const perPrefix = (metric: 'files' | 'bytes' | 'orphaned'): Series[] =>
    prefixes.map((p) => ({ name: p, values: runs.map((r) => r.totals?.prefixes?.[p]?.[metric] ?? null) }));
  return {
    labels,
    charts: [
      { title: 'Files', unit: 'count', series: perPrefix('files') },
      { title: 'Stored', unit: 'bytes', series: perPrefix('bytes') },
      { title: 'Orphan files', unit: 'count', series: perPrefix('orphaned') },
      {
        title: 'Dangling references',
        unit: 'count',
        series: fields.map((f) => ({ name: f, values: runs.map((r) => r.totals?.fields?.[f]?.dangling ?? null) })),
      },
    ],
  };
}

import { Injectable, computed, inject, signal } from '@angular/core';
import type { DanglingRef, OrphanFile, ScanReport, ScanTotals, SharedFile } from '../orphans/orphan-report';
import { REPORT_FILES } from './report-files';
import { ReportSummaries } from './report-summaries';
import type { ScanRun } from './scan-run';

/** One kind of entry of a report, as the function writes it (amplify/functions/orphan-scan/scan-join.ts). */
export type ReportKind = 'orphans' | 'dangling' | 'shared';

interface OrphanLine {
  path: string;
  size: number;
  lastModified: string;
  prefix: string;
  ownerId: string | null;
  young: boolean;
}
interface DanglingLine {
  model: string;
  id: string;
  field: string;
  path: string;
  updatedAt: string;
}
interface SharedLine {
  path: string;
  size: number;
  refs: { model: string; id: string; field: string }[];
}

export function orphanOf(line: OrphanLine): OrphanFile {
  return {
    path: line.path,
    size: line.size,
    lastModified: line.lastModified ? new Date(line.lastModified) : undefined,
    prefix: line.prefix,
    // The server does not look up the record a folder names: unknown, so never said to be gone.
    owner: { id: line.ownerId, exists: true },
    young: line.young,
  };
}

/** The server does not keep a field's other paths: an empty list, filled in right before a clean-up. */
export function danglingOf(line: DanglingLine): DanglingRef {
  return { ...line, fieldPaths: [] };
}

/** The report's summary.json (amplify/functions/orphan-scan/handler.ts, OrphanScanSummary). */
export interface OrphanScanSummary {
  readonly runId: string;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly graceMs: number;
  readonly reportPrefix: string;
  /** A listing of the bucket, or its newest S3 Inventory report (absent in older reports: a listing). */
  readonly source?: 'listing' | 'inventory';
  readonly inventory?: { readonly manifestKey: string; readonly createdAt: string };
  /** Why a listing was made and not the newest inventory report read ('no inventory report yet', …). */
  readonly listedBecause?: string;
  readonly totals: ScanTotals;
  readonly pages: Readonly<Record<ReportKind, readonly string[]>>;
}

export interface LoadedReport {
  readonly run: ScanRun;
  readonly summary: OrphanScanSummary;
  readonly report: ScanReport;
  /** How many pages of each kind are in `report`. */
  readonly pages: Readonly<Record<ReportKind, number>>;
}

/**
 * The shared report read from storage a page at a time (each page 10,000 entries of gzip NDJSON):
 * the summary and the first page of each kind when a run is opened, the next page on demand, so
 * a report of millions is never loaded whole. Filter and sort work on what is loaded.
 */
@Injectable({ providedIn: 'root' })
export class ServerReport {
  private readonly files = inject(REPORT_FILES);
  private readonly summaries = inject(ReportSummaries);
  private readonly loadedSignal = signal<LoadedReport | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly loaded = this.loadedSignal.asReadonly();
  /** Entries of each kind in the whole report, and how many are loaded. */
  readonly counts = computed(() => {
    const l = this.loadedSignal();
    if (!l) return null;
    const t = l.summary.totals;
    return {
      orphans: {
        total: t.orphaned,
        loaded: l.report.orphans.length,
        more: l.pages.orphans < l.summary.pages.orphans.length,
      },
      dangling: {
        total: t.dangling,
        loaded: l.report.dangling.length,
        more: l.pages.dangling < l.summary.pages.dangling.length,
      },
      shared: { total: t.shared, loaded: l.report.shared.length, more: l.pages.shared < l.summary.pages.shared.length },
    };
  });

  /** Opens a finished run's report: its summary and the first page of each kind. */
  async open(run: ScanRun): Promise<LoadedReport | null> {
    if (!run.report) return null;
    if (this.loadedSignal()?.run.id === run.id) return this.loadedSignal();
    this.loading.set(true);
    this.error.set(null);
    try {
      const summary = await this.summaries.summary(run);
      const first = async <T>(keys: readonly string[]) => (keys[0] ? this.files.lines<T>(keys[0]) : []);
      const [orphans, dangling, shared] = await Promise.all([
        first<OrphanLine>(summary.pages.orphans),
        first<DanglingLine>(summary.pages.dangling),
        first<SharedLine>(summary.pages.shared),
      ]);
      const loaded: LoadedReport = {
        run,
        summary,
        report: {
          scannedAt: new Date(summary.startedAt),
          graceMs: summary.graceMs,
          orphans: orphans.map(orphanOf),
          dangling: dangling.map(danglingOf),
          shared: shared as SharedFile[],
          prefixes: [],
          unlisted: [],
          unread: [],
          unchecked: [],
          totals: summary.totals,
        },
        pages: {
          orphans: Math.min(1, summary.pages.orphans.length),
          dangling: Math.min(1, summary.pages.dangling.length),
          shared: Math.min(1, summary.pages.shared.length),
        },
      };
      this.loadedSignal.set(loaded);
      return loaded;
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
      return null;
    } finally {
      this.loading.set(false);
    }
  }

  /** Adds the next page of one kind to the loaded report. */
  async more(kind: ReportKind): Promise<LoadedReport | null> {
    const current = this.loadedSignal();
    const key = current?.summary.pages[kind][current.pages[kind]];
    if (!current || !key) return current;
    this.loading.set(true);
    try {
      const lines = await this.files.lines<OrphanLine & DanglingLine & SharedLine>(key);
      const r = current.report;
      const report: ScanReport =
        kind === 'orphans'
          ? { ...r, orphans: [...r.orphans, ...lines.map(orphanOf)] }
          : kind === 'dangling'
            ? { ...r, dangling: [...r.dangling, ...lines.map(danglingOf)] }
            : { ...r, shared: [...r.shared, ...(lines as SharedFile[])] };
      const next = { ...current, report, pages: { ...current.pages, [kind]: current.pages[kind] + 1 } };
      this.loadedSignal.set(next);
      return next;
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
      return current;
    } finally {
      this.loading.set(false);
    }
  }

  /** One page of the report's orphan files, read on its own (a clean-up of the whole report). */
  async orphanPage(key: string): Promise<OrphanFile[]> {
    return (await this.files.lines<OrphanLine>(key)).map(orphanOf);
  }

  /**
   * Every entry of one kind, a page at a time (for a CSV export of the whole report): only one
   * page is parsed and held at once.
   */
  async *all(kind: 'orphans' | 'dangling'): AsyncGenerator<readonly (OrphanFile | DanglingRef)[]> {
    const current = this.loadedSignal();
    for (const key of current?.summary.pages[kind] ?? []) {
      const lines = await this.files.lines<OrphanLine & DanglingLine>(key);
      yield kind === 'orphans' ? lines.map(orphanOf) : lines.map(danglingOf);
    }
  }
}

import { Injectable, inject } from '@angular/core';
import { REPORT_FILES } from './report-files';
import type { OrphanScanSummary } from './server-report';
import type { ScanRun } from './scan-run';

/** Where a report's files came from, as its summary says (older reports say nothing: a listing). */
export type ReportSource =
  | { readonly kind: 'listing'; readonly graceMs: number; readonly because?: string }
  | { readonly kind: 'inventory'; readonly graceMs: number; readonly createdAt: string };

export function sourceOf(
  summary: Pick<OrphanScanSummary, 'source' | 'inventory' | 'graceMs' | 'listedBecause'>,
): ReportSource {
  if (summary.source === 'inventory' && summary.inventory)
    return { kind: 'inventory', graceMs: summary.graceMs, createdAt: summary.inventory.createdAt };
  return summary.listedBecause
    ? { kind: 'listing', graceMs: summary.graceMs, because: summary.listedBecause }
    : { kind: 'listing', graceMs: summary.graceMs };
}

/**
 * Each finished run's summary.json, read once per run and kept: the status line (on every page)
 * and the opened report share one read.
 */
@Injectable({ providedIn: 'root' })
export class ReportSummaries {
  private readonly files = inject(REPORT_FILES);
  private readonly read = new Map<string, Promise<OrphanScanSummary>>();

  summary(run: Pick<ScanRun, 'report'>): Promise<OrphanScanSummary> {
    const key = run.report?.summaryKey;
    if (!key) return Promise.reject(new Error('This run has written no report'));
    let summary = this.read.get(key);
    if (!summary) {
      summary = this.files.json<OrphanScanSummary>(key);
      this.read.set(key, summary);
      // A failed read is tried again next time.
      summary.catch(() => this.read.delete(key));
    }
    return summary;
  }
}

import type { ScanTotals } from './orphan-report';

/** What the dashboard shows of the last scan in this browser, kept across reloads. */
export interface ScanSummary {
  readonly scannedAt: string;
  readonly by: string;
  readonly totals: ScanTotals;
  /** Each scanned model's plural name (`Galleries`), for the dashboard's labels. */
  readonly plurals?: Readonly<Record<string, string>>;
}

const SUMMARY_KEY = 'attachment-console.last-scan';

/** The summary this browser kept, or null when there is none or it is not one. */
export function loadScanSummary(): ScanSummary | null {
  try {
    const raw = localStorage.getItem(SUMMARY_KEY);
    const value = raw ? (JSON.parse(raw) as ScanSummary) : null;
    return value && typeof value.scannedAt === 'string' && value.totals ? value : null;
  } catch {
    return null;
  }
}

export function storeScanSummary(summary: ScanSummary): void {
  try {
    localStorage.setItem(SUMMARY_KEY, JSON.stringify(summary));
  } catch {
    // Private mode or a full quota: the summary lives until the page is closed.
  }
}

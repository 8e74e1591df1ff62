import type { ScanTotals } from '../orphans/orphan-report';

export type ScanRunStatus = 'running' | 'done' | 'failed';

/** One run of the server-side orphan scan, as its ScanRun record says (amplify/data/resource.ts). */
export interface ScanRun {
  readonly id: string;
  readonly startedAt: string;
  /** The username of whoever started it, or 'schedule'. */
  readonly startedBy: string;
  readonly status: ScanRunStatus;
  readonly finishedAt: string | null;
  readonly recordsRead: number;
  readonly objectsListed: number;
  readonly orphans: number | null;
  readonly dangling: number | null;
  readonly shared: number | null;
  /** Where its report lies, once written. */
  readonly report: { readonly prefix: string; readonly summaryKey: string } | null;
  /** The summary's totals, once done. */
  readonly totals: (ScanTotals & { readonly unchecked?: Readonly<Record<string, number>> }) | null;
  readonly error: string | null;
}

/** The record as the API gives it: JSON fields as strings. */
export interface RawScanRun extends Omit<ScanRun, 'report' | 'totals' | 'recordsRead' | 'objectsListed'> {
  readonly recordsRead: number | null;
  readonly objectsListed: number | null;
  readonly report: string | null;
  readonly totals: string | null;
}

function json<T>(value: string | null | undefined): T | null {
  if (!value) return null;
  try {
    return (typeof value === 'string' ? JSON.parse(value) : value) as T;
  } catch {
    return null;
  }
}

export function readScanRun(raw: RawScanRun): ScanRun {
  return {
    ...raw,
    finishedAt: raw.finishedAt ?? null,
    recordsRead: raw.recordsRead ?? 0,
    objectsListed: raw.objectsListed ?? 0,
    orphans: raw.orphans ?? null,
    dangling: raw.dangling ?? null,
    shared: raw.shared ?? null,
    report: json(raw.report),
    totals: json(raw.totals),
    error: raw.error ?? null,
  };
}

/** A Cognito username that is only an id (this pool's usernames are the user's sub). */
const OPAQUE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who a run names as its starter, as an operator reads it: "you" (`me`: the user's username and
 * email), the schedule, or the name the
 * run recorded, as it is. A run that recorded only an opaque username (an id; the access token
 * AppSync hands the function holds no email) is "another operator" (the id stays in the record
 * for an admin to look up).
 */
export function starterOf(run: Pick<ScanRun, 'startedBy'>, me?: string | readonly string[]): string {
  if (run.startedBy === 'schedule') return 'the daily schedule';
  // A run names its starter by email where the function could look it up, else by username.
  const mine = typeof me === 'string' ? [me] : (me ?? []);
  if (mine.some((id) => id && id === run.startedBy)) return 'you';
  const name = run.startedBy.trim();
  return !name || OPAQUE_ID.test(name) ? 'another operator' : name;
}

/** "3 minutes ago", "2 hours ago", "5 days ago": how old a report is. */
export function ageOf(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'} ago`;
  if (s < 60) return 'just now';
  if (s < 3600) return unit(Math.floor(s / 60), 'minute');
  if (s < 86_400) return unit(Math.floor(s / 3600), 'hour');
  return unit(Math.floor(s / 86_400), 'day');
}

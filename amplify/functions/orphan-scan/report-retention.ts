import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { REPORTS_PREFIX } from './fields';

/** Reports kept when ORPHAN_SCAN_KEEP_REPORTS is not set. */
export const DEFAULT_KEPT_REPORTS = 10;

/**
 * A run's folder younger than this may belong to a run still under way (the function's timeout is
 * 15 minutes): it is never removed, whatever its rank.
 */
export const RUNNING_GRACE_MS = 20 * 60_000;

/** How many reports to keep: ORPHAN_SCAN_KEEP_REPORTS, at least 1. Anything else is refused clearly. */
export function keptReports(value = process.env['ORPHAN_SCAN_KEEP_REPORTS']): number {
  if (value === undefined || value === '') return DEFAULT_KEPT_REPORTS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`ORPHAN_SCAN_KEEP_REPORTS must be a whole number of reports, at least 1; it is "${value}"`);
  }
  return n;
}

/** When a run began, from its id (`2026-12-06T09-54-51-123Z-<8 hex>`), or NaN. */
export function runStartOf(runId: string): number {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z-/.exec(runId);
  return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : NaN;
}

/**
 * Removes the report folders (`reports/<runId>/`) of runs older than the newest `keep`, once a run
 * has written latest.json. Never the current run's, never one young enough to be running, never
 * anything else under reports/ (latest.json, the inventory's folder). The ScanRun records keep
 * each run's totals, so the history the console plots is unchanged. On a versioned bucket a
 * removed page leaves a delete marker and its old version, which lifecycle expires.
 * Resolves with the run ids whose folders were removed.
 */
export async function pruneReports(
  s3: S3Client,
  bucket: string,
  options: { keep: number; currentRunId: string; now: number },
): Promise<string[]> {
  const runs: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: REPORTS_PREFIX, Delimiter: '/', ContinuationToken: token }),
    );
    for (const p of page.CommonPrefixes ?? []) {
      const runId = p.Prefix!.slice(REPORTS_PREFIX.length, -1);
      if (!Number.isNaN(runStartOf(runId))) runs.push(runId);
    }
    token = page.NextContinuationToken;
  } while (token);

  // Run ids begin with their start time, so they sort oldest first.
  const removable = runs
    .sort()
    .slice(0, Math.max(0, runs.length - options.keep))
    .filter((id) => id !== options.currentRunId && options.now - runStartOf(id) > RUNNING_GRACE_MS);
  for (const runId of removable) await removeFolder(s3, bucket, `${REPORTS_PREFIX}${runId}/`);
  return removable;
}

/**
 * Deletes every object under `prefix`, summary.json first: no reader starts on a folder being
 * removed, and one left half-removed is still listed, and finished, by the next run.
 */
async function removeFolder(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token);
  const summary = `${prefix}summary.json`;
  const ordered = [...keys.filter((k) => k === summary), ...keys.filter((k) => k !== summary)];
  for (const key of ordered) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

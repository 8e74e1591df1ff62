import type { Logger } from '../log.ts';
import type { BucketTemplate, LifecycleRule } from './bucket-template.ts';
import type { ObjectStore } from './object-store.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface LifecycleSweep {
  /** Non-current versions removed for good. */
  versions: number;
  /** Delete markers removed because nothing was left under them. */
  markers: number;
  /** Multipart uploads aborted. */
  uploads: number;
}

/**
 * The latest time a thing may have started for `days` to have passed by `now`, as S3 counts a
 * lifecycle rule's days: from that time, rounded up to the next midnight UTC. So an action is due
 * once the start plus the days, rounded up to midnight, is not after now.
 */
export function dueBefore(now: number, days: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS - days * DAY_MS;
}

/**
 * Applies the bucket's lifecycle rules once, as S3 does in the background: non-current versions
 * past NoncurrentDays are removed, then delete markers left with no version under them
 * (ExpiredObjectDeleteMarker), and multipart uploads past DaysAfterInitiation are aborted.
 */
export function applyLifecycle(store: ObjectStore, rules: readonly LifecycleRule[], now = store.now()): LifecycleSweep {
  const done: LifecycleSweep = { versions: 0, markers: 0, uploads: 0 };
  for (const rule of rules) {
    if (rule.noncurrentDays !== undefined) {
      const before = dueBefore(now, rule.noncurrentDays);
      for (let batch = store.versions.expired(rule.prefix, before); batch.length > 0; ) {
        for (const v of batch) store.deleteVersion(v.key, v.version_id ?? 'null');
        done.versions += batch.length;
        batch = store.versions.expired(rule.prefix, before);
      }
    }
    if (rule.abortIncompleteDays !== undefined) {
      done.uploads += store.uploads.abortStartedBy(dueBefore(now, rule.abortIncompleteDays), rule.prefix);
    }
  }
  for (const rule of rules.filter((r) => r.expiredObjectDeleteMarker)) {
    for (let batch = store.versions.loneMarkers(rule.prefix); batch.length > 0; ) {
      for (const m of batch) store.deleteVersion(m.key, m.version_id ?? 'null');
      done.markers += batch.length;
      batch = store.versions.loneMarkers(rule.prefix);
    }
  }
  return done;
}

/** Without a synthesized rule: uploads left unfinished for a day are dropped (no one else ever would). */
const FALLBACK_UPLOAD_MAX_AGE_MS = 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The bucket as deployed: versioning as the template sets it (a bucket that had versioning and
 * whose template no longer says so is suspended, as S3 cannot go back to unversioned), then its
 * lifecycle rules applied at start and every ten minutes.
 */
export function startLifecycle(
  store: ObjectStore,
  bucket: BucketTemplate | undefined,
  log: Logger,
): { sweep(): LifecycleSweep; stop(): void } {
  const wanted = bucket?.versioning ?? (store.versions.versioning === 'Enabled' ? 'Suspended' : undefined);
  if (wanted && wanted !== store.versions.versioning) {
    store.versions.setVersioning(wanted);
    log.info(`bucket versioning: ${wanted} (as the synthesized template sets it)`);
  }
  const rules = bucket?.lifecycle ?? [];
  for (const rule of rules.filter((r) => r.unsupported.length > 0)) {
    log.warn(`lifecycle rule ${rule.id}: ${rule.unsupported.join(', ')} not applied by the local S3`);
  }
  const hasAbortRule = rules.some((r) => r.abortIncompleteDays !== undefined);
  const sweep = (): LifecycleSweep => {
    const done = applyLifecycle(store, rules);
    if (!hasAbortRule) done.uploads += store.expireUploads(FALLBACK_UPLOAD_MAX_AGE_MS, store.now());
    if (done.versions + done.markers + done.uploads > 0) {
      log.info(
        `lifecycle: removed ${done.versions} non-current version(s) and ${done.markers} delete marker(s), aborted ${done.uploads} upload(s)`,
      );
    }
    return done;
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}

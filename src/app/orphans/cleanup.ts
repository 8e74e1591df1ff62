import { Observable, defer } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import type { FileField } from '../attachments/file-fields';
import { skip } from '../jobs/job';
import type { DanglingRef, OrphanFile } from './orphan-report';
import type { RecordFiles, ScanSources } from './scan-sources';

export interface CleanupOptions {
  readonly graceMs: number;
  readonly now: () => Date;
}

/** "1 h", "15 min", "30 s": a grace period as the operator reads it. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * Paths one reference pass asks about. AppSync turns the filter's `or` of `eq`/`contains` into one
 * DynamoDB filter expression, which may be at most 4 KB: 50 terms with their placeholders stay
 * well below that.
 */
export const REFERENCE_BATCH = 50;

/**
 * Clean-up items in flight at once: twice the batch, so that while one round of passes runs, the
 * next batch's files are fetched and waiting when it ends (integration/orphans-cleanup.bench.ts).
 */
export const CLEANUP_CONCURRENCY = 2 * REFERENCE_BATCH;

/** Whether a record references the path now, and if so which one. */
export type ReferenceCheck = (path: string) => Promise<RecordFiles | null>;

interface Waiting {
  readonly path: string;
  readonly answer: (found: RecordFiles | null) => void;
  readonly fail: (err: unknown) => void;
}

/**
 * Answers "does any record reference this path now?" for many deletes at once. A filtered list is
 * a full table scan in the cloud, so the paths that are waiting together share one pass per file
 * field (at most `batchSize` paths a pass). A path never joins a round already running: its
 * answer always comes from listings started after it was asked, so a reference made meanwhile is
 * seen. Between rounds, what waits is collected for one macrotask.
 */
export function referenceCheck(
  sources: ScanSources,
  fields: readonly FileField[],
  batchSize = REFERENCE_BATCH,
): ReferenceCheck {
  let queue: Waiting[] = [];
  let busy = false;

  const passes = async (batch: Waiting[]) => {
    const paths = [...new Set(batch.map((w) => w.path))];
    try {
      const byField = await Promise.all(fields.map((f) => sources.referencesTo(f, paths)));
      const first = new Map<string, RecordFiles>();
      // Field order decides which reference a skip names, as a one-by-one check would.
      for (const records of byField)
        for (const r of records) for (const p of r.paths) if (!first.has(p)) first.set(p, r);
      for (const w of batch) w.answer(first.get(w.path) ?? null);
    } catch (err) {
      for (const w of batch) w.fail(err);
    }
  };

  const round = async () => {
    const waiting = queue;
    queue = [];
    const batches: Waiting[][] = [];
    for (let i = 0; i < waiting.length; i += batchSize) batches.push(waiting.slice(i, i + batchSize));
    await Promise.all(batches.map(passes));
    busy = false;
    if (queue.length) schedule();
  };

  const schedule = () => {
    busy = true;
    setTimeout(() => void round(), 0);
  };

  return (path) =>
    new Promise((answer, fail) => {
      queue.push({ path, answer, fail });
      if (!busy) schedule();
    });
}

/**
 * Deletes one orphan, if it still is one: a file that is already gone counts as done; a file
 * younger than the grace period, or referenced by any record now (looked up again right before
 * deleting, not taken from the scan), is skipped with the reason. The deletes of one operation
 * share their reference look-ups (referenceCheck).
 */
export function deleteOrphan(
  sources: ScanSources,
  fields: readonly FileField[],
  options: CleanupOptions & { readonly batchSize?: number },
): (file: OrphanFile) => Observable<unknown> {
  const referenced = referenceCheck(sources, fields, options.batchSize);
  return (file) =>
    defer(async () => {
      const current = await sources.fileAt(file.path);
      if (!current) return 'already gone';
      const modified = current.lastModified?.getTime();
      if (modified === undefined || options.now().getTime() - modified < options.graceMs) {
        return skip(
          `Younger than the grace period (${formatDuration(options.graceMs)}): it may be an upload in flight.`,
        );
      }
      const r = await referenced(file.path);
      if (r) return skip(`Referenced again by ${r.model} ${r.id} (${r.field}): kept.`);
      await sources.removeFile(file.path);
      return 'deleted';
    });
}

/** One record field's dangling paths, cleared together in one conditional update. */
export interface DanglingGroup {
  readonly model: string;
  readonly id: string;
  readonly field: string;
  readonly updatedAt: string;
  readonly fieldPaths: readonly string[];
  readonly missing: readonly string[];
}

/** Groups dangling references by record field, so each record is updated once. */
export function groupDangling(refs: readonly DanglingRef[]): DanglingGroup[] {
  const groups = new Map<string, DanglingGroup>();
  for (const r of refs) {
    const key = `${r.model}#${r.id}#${r.field}`;
    const g = groups.get(key);
    groups.set(
      key,
      g
        ? { ...g, missing: [...g.missing, r.path] }
        : {
            model: r.model,
            id: r.id,
            field: r.field,
            updatedAt: r.updatedAt,
            fieldPaths: r.fieldPaths,
            missing: [r.path],
          },
    );
  }
  return [...groups.values()];
}

/**
 * Clears a record's dangling paths (keeping its other paths) with an update conditional on the
 * version the scan saw: a record changed since is skipped and reported, never overwritten. A path
 * whose file exists again is kept.
 */
export function clearDangling(
  sources: ScanSources,
  fields: readonly FileField[],
): (group: DanglingGroup) => Observable<unknown> {
  return (group) =>
    defer(async () => {
      const field = fields.find((f) => f.model === group.model && f.field === group.field);
      if (!field) throw new AttachmentError('invalid-input', `${group.model}.${group.field} is not a file field.`);
      const missing: string[] = [];
      for (const path of group.missing) if (!(await sources.fileAt(path))) missing.push(path);
      if (missing.length === 0) return skip('The file exists now: the reference was kept.');
      const keep = group.fieldPaths.filter((p) => !missing.includes(p));
      try {
        await sources.setPaths(field, group.id, keep, group.updatedAt);
      } catch (err) {
        if (err instanceof AttachmentError && err.kind === 'conflict') {
          return skip('Changed since the scan: not touched. Scan again to see it as it is now.');
        }
        if (err instanceof AttachmentError && err.kind === 'not-found') return 'record gone';
        throw err;
      }
      return 'cleared';
    });
}

import { Observable, defer } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import type { FileField } from '../attachments/file-fields';
import { skip } from '../jobs/job';
import type { DanglingRef, OrphanFile } from './orphan-report';
import { REFERENCE_BATCH, ReferenceCheck } from './cleanup-references';
import { type CleanupRefusal, refusalOf } from './cleanup-refusals';
import type { ScanSources } from './scan-sources';

export interface CleanupOptions {
  readonly graceMs: number;
  readonly now: () => Date;
  /** What the report said must not be cleaned up (cleanupRefusals): such items fail, untouched. */
  readonly refusals?: readonly CleanupRefusal[];
}

/** The error an item meets when a refusal covers it: before any request. */
function refused(refusal: CleanupRefusal): AttachmentError {
  return new AttachmentError('invalid-input', `Clean-up refused: ${refusal.message} ${refusal.fix}`);
}

/** "1 h", "15 min", "30 s": a grace period as the operator reads it. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * Clean-up items in flight at once: twice the batch, so that while one round of reference passes
 * runs, the next batch's files are looked at and waiting when it ends
 * (integration/orphans-cleanup.bench.ts measures it).
 */
export const CLEANUP_CONCURRENCY = 2 * REFERENCE_BATCH;

/**
 * Deletes one orphan, if it still is one: a file that is already gone counts as done; a file
 * younger than the grace period, or referenced by any record now (looked up again right before
 * deleting, not taken from the scan), is skipped with the reason. The deletes of one operation
 * share their reference look-ups (ReferenceCheck).
 */
export function deleteOrphan(
  sources: ScanSources,
  fields: readonly FileField[],
  options: CleanupOptions & { readonly batchSize?: number },
): (file: OrphanFile) => Observable<unknown> {
  const references = new ReferenceCheck(sources, fields, options.batchSize);
  return (file) =>
    defer(async () => {
      const refusal = refusalOf(options.refusals ?? [], file);
      if (refusal) throw refused(refusal);
      references.announce();
      let asked = false;
      try {
        const current = await sources.fileAt(file.path);
        if (!current) return 'already gone';
        const modified = current.lastModified?.getTime();
        if (modified === undefined || options.now().getTime() - modified < options.graceMs) {
          return skip(
            `Younger than the grace period (${formatDuration(options.graceMs)}): it may be an upload in flight.`,
          );
        }
        asked = true;
        const r = await references.referencing(file.path, true);
        if (r) return skip(`Referenced again by ${r.model} ${r.id} (${r.field}): kept.`);
      } finally {
        if (!asked) references.withdraw();
      }
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
  refusals: readonly CleanupRefusal[] = [],
): (group: DanglingGroup) => Observable<unknown> {
  return (group) =>
    defer(async () => {
      const refusal = refusalOf(refusals, { ...group, path: group.missing[0] ?? '' });
      if (refusal) throw refused(refusal);
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

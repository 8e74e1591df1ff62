import type { FileField } from '../attachments/file-fields';
import { BatchedReferenceCheck, REFERENCE_BATCH } from '../attachments/reference-check';
import type { RecordFiles, ScanSources } from './scan-sources';

export { REFERENCE_BATCH };

/** The longest a round waits for announced deletes that have not asked yet. */
const COLLECT_MS = 100;

/**
 * The clean-up's "does any record reference this path now?": the one batched check (rounds,
 * announce/withdraw, at most `batchSize` paths a pass) over one pass per file field, answering
 * with the first record in field order that references each path.
 */
export class ReferenceCheck extends BatchedReferenceCheck<RecordFiles> {
  constructor(sources: ScanSources, fields: readonly FileField[], batchSize = REFERENCE_BATCH) {
    super((paths) => firstReferences(sources, fields, paths), { collectMs: COLLECT_MS }, batchSize);
  }
}

async function firstReferences(
  sources: ScanSources,
  fields: readonly FileField[],
  paths: readonly string[],
): Promise<ReadonlyMap<string, RecordFiles>> {
  const byField = await Promise.all(fields.map((f) => sources.referencesTo(f, paths)));
  const first = new Map<string, RecordFiles>();
  for (const records of byField) for (const r of records) for (const p of r.paths) if (!first.has(p)) first.set(p, r);
  return first;
}

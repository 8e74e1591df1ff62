import type { FileField } from '../attachments/file-fields';
import type { DanglingRef } from './orphan-report';
import type { ScanSources } from './scan-sources';

/**
 * Dangling references of the server's report carry no list of the field's other paths: each
 * record's paths are read again now, and only a record still at the scanned version keeps its
 * reference (its clean-up then writes exactly what it holds, less the missing path).
 */
export async function withFieldPaths(
  sources: ScanSources,
  fields: readonly FileField[],
  refs: readonly DanglingRef[],
): Promise<DanglingRef[]> {
  const out: DanglingRef[] = [];
  for (const field of fields) {
    const mine = refs.filter((r) => r.model === field.model && r.field === field.field);
    const unknown = mine.filter((r) => r.fieldPaths.length === 0);
    out.push(...mine.filter((r) => r.fieldPaths.length > 0));
    if (!unknown.length) continue;
    const now = await sources.referencesTo(field, [...new Set(unknown.map((r) => r.path))]);
    for (const ref of unknown) {
      const record = now.find((n) => n.id === ref.id && n.updatedAt === ref.updatedAt);
      if (record) out.push({ ...ref, fieldPaths: record.paths });
    }
  }
  return out;
}

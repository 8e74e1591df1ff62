import { toCsv } from '../shared/csv';
import type { DanglingRef, OrphanFile } from '../orphans/orphan-report';
import type { ReportKind } from './server-report';

const HEADERS: Record<Exclude<ReportKind, 'shared'>, string[]> = {
  orphans: [
    'Path',
    'Size (bytes)',
    'Last modified',
    'Prefix',
    'Record id named by the key',
    'Younger than the grace period',
  ],
  dangling: ['Model', 'Record id', 'Field', 'Missing path', 'Record updated at'],
};

function cells(kind: 'orphans' | 'dangling', item: OrphanFile | DanglingRef): unknown[] {
  if (kind === 'orphans') {
    const o = item as OrphanFile;
    return [o.path, o.size, o.lastModified, o.prefix, o.owner.id, o.young ? 'yes' : 'no'];
  }
  const d = item as DanglingRef;
  return [d.model, d.id, d.field, d.path, d.updatedAt];
}

/**
 * The whole of one kind of the shared report as CSV, built a page at a time: each page is parsed,
 * turned into text and let go, so the export holds strings, never every entry at once.
 */
export async function reportCsv(
  kind: 'orphans' | 'dangling',
  pages: AsyncIterable<readonly (OrphanFile | DanglingRef)[]>,
): Promise<Blob> {
  const parts: string[] = [toCsv(HEADERS[kind], [])];
  for await (const page of pages) {
    if (page.length)
      parts.push(
        toCsv(
          [],
          page.map((i) => cells(kind, i)),
        ).replace(/^\r\n/, ''),
      );
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

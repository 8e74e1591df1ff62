import { toCsv } from '../shared/csv';
import type { DanglingRef, OrphanFile } from '../orphans/orphan-report';

export type ExportKind = 'orphans' | 'dangling';

const HEADERS: Record<ExportKind, string[]> = {
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

function cells(kind: ExportKind, item: OrphanFile | DanglingRef): unknown[] {
  if (kind === 'orphans') {
    const o = item as OrphanFile;
    return [o.path, o.size, o.lastModified, o.prefix, o.owner.id, o.young ? 'yes' : 'no'];
  }
  const d = item as DanglingRef;
  return [d.model, d.id, d.field, d.path, d.updatedAt];
}

export interface ExportOptions {
  /** Called after each page with the entries written so far. */
  readonly progress?: (written: number) => void;
  /** Stops the export between pages: it then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/**
 * The whole of one kind of the shared report as CSV, streamed: each page, as it is read, becomes
 * CSV text wrapped in a Blob of its own and is let go. A Blob's bytes sit in the browser's blob
 * store, not the JS heap, so the heap holds one page at a time however large the report is; the
 * file is the Blob made of those parts.
 */
export async function reportCsv(
  kind: ExportKind,
  pages: AsyncIterable<readonly (OrphanFile | DanglingRef)[]>,
  options: ExportOptions = {},
): Promise<Blob> {
  const type = 'text/csv;charset=utf-8';
  const parts: Blob[] = [new Blob([toCsv(HEADERS[kind], [])], { type })];
  let written = 0;
  options.signal?.throwIfAborted();
  for await (const page of pages) {
    options.signal?.throwIfAborted();
    if (!page.length) continue;
    const rows = toCsv(
      [],
      page.map((i) => cells(kind, i)),
    ).replace(/^\r\n/, '');
    parts.push(new Blob([rows], { type }));
    written += page.length;
    options.progress?.(written);
  }
  return new Blob(parts, { type });
}

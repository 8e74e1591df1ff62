import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { downloadBlob } from '../shared/csv';
import { type ExportKind, reportCsv } from './report-export';
import { ServerReport } from './server-report';

/** An export under way: which kind, how many entries are written, of how many. */
export interface ExportProgress {
  readonly kind: ExportKind;
  readonly written: number;
  readonly total: number;
}

/**
 * Exports the whole of one kind of the open shared report as a CSV download, page by page from
 * storage (see reportCsv), with its progress and a cancel. A download of Blob parts works in every
 * browser with no prompt; the File System Access API would write straight to disk but only some
 * browsers have it and it asks where to save first, so it is not used.
 */
@Injectable({ providedIn: 'root' })
export class ReportExporter {
  private readonly report = inject(ServerReport);
  private readonly document = inject(DOCUMENT);
  private abort?: AbortController;
  readonly progress = signal<ExportProgress | null>(null);

  /** Resolves 'done' once the file is offered, 'cancelled' if cancel() stopped it; rejects on a failed read. */
  async export(kind: ExportKind): Promise<'done' | 'cancelled'> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const total = this.report.counts()?.[kind].total ?? 0;
    this.progress.set({ kind, written: 0, total });
    try {
      const blob = await reportCsv(kind, this.report.all(kind), {
        signal: abort.signal,
        progress: (written) => this.progress.set({ kind, written, total }),
      });
      const day = this.report.loaded()?.summary.startedAt.slice(0, 10) ?? 'report';
      downloadBlob(this.document, `${kind === 'orphans' ? 'orphan-files' : 'dangling-references'}-${day}.csv`, blob);
      return 'done';
    } catch (err) {
      if (abort.signal.aborted) return 'cancelled';
      throw err;
    } finally {
      if (this.abort === abort) {
        this.abort = undefined;
        this.progress.set(null);
      }
    }
  }

  cancel(): void {
    this.abort?.abort();
  }
}

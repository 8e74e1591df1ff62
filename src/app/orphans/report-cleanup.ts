import { Injectable, inject } from '@angular/core';
import { catchError, defer, filter, firstValueFrom, from, last, map, mergeMap, of, toArray } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { workflowEvents } from '../attachments/workflow-events';
import { messageOf } from '../core/notify/notifier';
import { type Job, Skip, note, skip } from '../jobs/job';
import { JobRunner } from '../jobs/job-runner';
import { ServerReport } from '../server-scan/server-report';
import { SCAN_SOURCES } from './amplify-scan-sources';
import { CLEANUP_CONCURRENCY, deleteOrphan } from './cleanup';
import { NO_RECORD } from './cleanup-audit';
import { refusalOf } from './cleanup-refusals';
import type { OrphanFile } from './orphan-report';
import { OrphanScanner } from './orphan-scanner';

/** One page of the shared report's orphan files: one item of a whole-report clean-up. */
export interface ReportPage {
  readonly key: string;
  readonly index: number;
  readonly of: number;
}

/** What the orphan table's filter looks in: a file whose key or record id contains the text. */
export function matchesFilter(file: OrphanFile, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  return !needle || `${file.path}\n${file.owner.id ?? ''}`.toLowerCase().includes(needle);
}

/** How a page's files ended, as its item in the job panel says. */
function summary(counts: Record<'deleted' | 'gone' | 'kept' | 'failed', number>, offered: number): string {
  const parts = [`${counts.deleted.toLocaleString('en')} deleted`];
  if (counts.gone) parts.push(`${counts.gone.toLocaleString('en')} already gone`);
  if (counts.kept) parts.push(`${counts.kept.toLocaleString('en')} kept (referenced again or too new)`);
  if (counts.failed) parts.push(`${counts.failed.toLocaleString('en')} failed`);
  return `${parts.join(', ')} of ${offered.toLocaleString('en')} file${offered === 1 ? '' : 's'}`;
}

/**
 * "Delete all N orphans in the report": a clean-up of the whole shared report, not only its loaded
 * rows. The job's items are the report's pages, read from storage one at a time as the job reaches
 * them (the browser never holds the whole report); each page's files pass the same filter, grace
 * period, refusals and re-check right before deleting as a clean-up of selected rows. Cancel stops
 * between batches of files: the page under way ends early, and no later page is read.
 */
@Injectable({ providedIn: 'root' })
export class ReportCleanup {
  private readonly report = inject(ServerReport);
  private readonly scanner = inject(OrphanScanner);
  private readonly sources = inject(SCAN_SOURCES);
  private readonly jobs = inject(JobRunner);
  private readonly events = workflowEvents();

  /** Deletes every orphan file of the open shared report that matches `filter` (all when empty). */
  deleteAll(filterText: string): Job<ReportPage> {
    this.scanner.requireAdmin();
    const loaded = this.report.loaded();
    if (!loaded) throw new AttachmentError('invalid-input', 'Open the shared report first: the clean-up reads it.');
    const { plan, refusals } = this.scanner.cleanupBasis([]);
    const { graceMs } = this.scanner.settings;
    const remove = deleteOrphan(this.sources, plan.fields, { graceMs, now: () => new Date(), refusals });
    const keys = loaded.summary.pages.orphans;
    const jobId = crypto.randomUUID();
    let stopping = false;

    const cleanPage = async (page: ReportPage): Promise<unknown> => {
      const files = (await this.report.orphanPage(page.key)).filter(
        (f) => !f.young && !refusalOf(refusals, f) && matchesFilter(f, filterText),
      );
      const counts = { deleted: 0, gone: 0, kept: 0, failed: 0 };
      let firstFailure: { path: string; error: unknown } | undefined;
      const deleted = new Set<string>();
      let looked = 0;
      for (let at = 0; at < files.length && !stopping; at += CLEANUP_CONCURRENCY) {
        const batch = files.slice(at, at + CLEANUP_CONCURRENCY);
        looked += batch.length;
        const results = await firstValueFrom(
          from(batch).pipe(
            mergeMap(
              (file) =>
                remove(file).pipe(
                  last(),
                  map((result) => ({ file, result, failed: false, error: undefined as unknown })),
                  catchError((error: unknown) => of({ file, result: undefined, failed: true, error })),
                ),
              CLEANUP_CONCURRENCY,
            ),
            toArray(),
          ),
        );
        for (const { file, result, failed, error } of results) {
          if (failed) {
            counts.failed++;
            firstFailure ??= { path: file.path, error };
          } else if (result instanceof Skip) counts.kept++;
          else if (result === 'already gone') {
            counts.gone++;
            deleted.add(file.path);
          } else {
            counts.deleted++;
            deleted.add(file.path);
            this.events.happened({
              action: 'cleanup',
              ...NO_RECORD,
              before: [file.path],
              after: [],
              jobId,
              result: 'orphan file deleted',
            });
          }
        }
      }
      this.scanner.forgetOrphans(deleted);
      const said = summary(counts, looked);
      if (firstFailure) {
        const { path, error } = firstFailure;
        const message = `${said}. First failure: ${path}: ${messageOf(error)}`;
        throw error instanceof AttachmentError ? new AttachmentError(error.kind, message) : new Error(message);
      }
      if (looked < files.length)
        return skip(`Canceled part-way: ${said}; ${(files.length - looked).toLocaleString('en')} not looked at.`);
      return note(said);
    };

    const job = this.jobs.start<ReportPage>({
      title: filterText.trim()
        ? `Delete the shared report's orphan files matching “${filterText.trim()}”`
        : `Delete all ${loaded.summary.totals.orphaned.toLocaleString('en')} orphan files of the shared report`,
      items: keys.map((key, i) => ({ key, index: i + 1, of: keys.length })),
      label: (p) => `Page ${p.index} of ${p.of}`,
      // One page at a time: its files already run CLEANUP_CONCURRENCY wide.
      concurrency: 1,
      operation: (page) => defer(() => cleanPage(page)),
    });
    job.progress$.pipe(filter((p) => p.state === 'canceling' || p.state === 'canceled')).subscribe(() => {
      stopping = true;
    });
    // A retry of the failed pages runs again from the start.
    job.progress$.pipe(filter((p) => p.state === 'running')).subscribe(() => (stopping = false));
    return job;
  }
}

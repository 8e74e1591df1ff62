import { Injectable, InjectionToken, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subscription, defer, filter, switchMap } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { Session } from '../core/auth/session';
import type { Discovery } from '../discovery/discovery-result';
import { Job } from '../jobs/job';
import { JobRunner } from '../jobs/job-runner';
import { SCAN_SOURCES } from './amplify-scan-sources';
import { NO_RECORD, reported } from './cleanup-audit';
import { CLEANUP_CONCURRENCY, clearDangling, deleteOrphan, groupDangling, type DanglingGroup } from './cleanup';
import { workflowEvents } from '../attachments/workflow-events';
import { type CleanupRefusal, cleanupRefusals, refusalOf } from './cleanup-refusals';
import { type ScanSummary, loadScanSummary, storeScanSummary } from './last-scan-summary';
import type { DanglingRef, OrphanFile, ScanProgress, ScanReport } from './orphan-report';
import { withFieldPaths } from './dangling-paths';
import { scanOrphans } from './scan';
import { SCAN_DISCOVERY } from './scan-discovery';
import { type ScanPlan, scanPlan } from './scan-plan';

export interface OrphanSettings {
  /** Files younger than this are never cleaned up (an upload in flight looks like an orphan). */
  readonly graceMs: number;
}

export const ORPHAN_SETTINGS = new InjectionToken<OrphanSettings>('OrphanSettings', {
  providedIn: 'root',
  factory: () => ({ graceMs: 3_600_000 }),
});

export type ScanState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly progress: ScanProgress }
  | { readonly status: 'done'; readonly report: ScanReport }
  | { readonly status: 'failed'; readonly error: unknown };

/**
 * Runs the orphan scan at the application root (it keeps running while the operator moves
 * around), holds the last report, and starts the clean-up jobs, ADMINS only.
 */
@Injectable({ providedIn: 'root' })
export class OrphanScanner {
  private readonly sources = inject(SCAN_SOURCES);
  private readonly discovery = inject(SCAN_DISCOVERY);
  private readonly session = inject(Session);
  private readonly jobs = inject(JobRunner);
  private readonly events = workflowEvents();
  readonly settings = inject(ORPHAN_SETTINGS);
  private readonly stateSignal = signal<ScanState>({ status: 'idle' });
  private readonly summarySignal = signal<ScanSummary | null>(loadScanSummary());
  private running?: Subscription;
  private lastReport: ScanReport | null = null;
  /** What the shown report was scanned with: its fields, and the discovery that vouched for them. */
  private readonly basis = signal<{ plan: ScanPlan; discovery: Discovery } | null>(null);

  readonly state = this.stateSignal.asReadonly();
  /** Where the shown report comes from: this browser's scan, or the server's shared report. */
  readonly source = signal<'browser' | 'server'>('browser');
  /** The last finished scan's report in this session (kept while a new scan runs). */
  readonly report = signal<ScanReport | null>(null);
  readonly summary = this.summarySignal.asReadonly();
  readonly scanning = computed(() => this.stateSignal().status === 'running');
  /** Why (part of) the clean-up of the shown report will not run: empty when all of it may. */
  readonly refusals = computed<readonly CleanupRefusal[]>(() => {
    const report = this.report();
    const basis = this.basis();
    return report ? cleanupRefusals(basis?.discovery, report) : [];
  });

  constructor() {
    // A report shows what the signed-in user may read: it goes when they sign out.
    effect(() => {
      if (this.session.status() !== 'signed-out') return;
      untracked(() => {
        this.running?.unsubscribe();
        this.lastReport = null;
        this.report.set(null);
        this.basis.set(null);
        this.stateSignal.set({ status: 'idle' });
      });
    });
  }

  /**
   * Starts a scan (a running one is cancelled first) of every file field and storage prefix that
   * discovery found, once it has run for the signed-in user.
   */
  run(): void {
    this.running?.unsubscribe();
    const by = this.session.displayName() || 'unknown';
    this.stateSignal.set({ status: 'running', progress: { filePages: 0, files: 0, recordPages: 0, records: 0 } });
    let basis: { plan: ScanPlan; discovery: Discovery };
    this.running = defer(() => this.discovery.settled())
      .pipe(
        switchMap(() => {
          const discovery = this.discovery.discovery();
          if (!discovery) {
            throw new AttachmentError(
              'unavailable',
              this.discovery.failure() ||
                'Discovery has not read the backend: open the Data model page and look again.',
            );
          }
          const plan = scanPlan(
            discovery,
            (p) => this.discovery.storageAccess(p.pattern),
            (model) => this.discovery.permissions(model),
          );
          basis = { discovery, plan };
          return scanOrphans(this.sources, basis.plan, { graceMs: this.settings.graceMs, now: () => new Date() });
        }),
      )
      .subscribe({
        next: (event) => {
          if (event.type === 'progress') {
            this.stateSignal.set({ status: 'running', progress: event.progress });
            return;
          }
          this.lastReport = event.report;
          this.source.set('browser');
          this.basis.set(basis);
          this.report.set(event.report);
          this.stateSignal.set({ status: 'done', report: event.report });
          const plurals = Object.fromEntries(
            Object.keys(event.report.totals.records).map((m) => [m, this.discovery.pluralNameOf(m)]),
          );
          this.saveSummary({
            scannedAt: event.report.scannedAt.toISOString(),
            by,
            totals: event.report.totals,
            plurals,
          });
        },
        error: (error: unknown) => this.stateSignal.set({ status: 'failed', error }),
      });
  }

  /**
   * Shows a report the server scan made (the shared report), cleaned up as a browser scan's is:
   * its refusals and re-checks use the fields and prefixes discovery finds now.
   */
  async adopt(report: ScanReport): Promise<void> {
    this.running?.unsubscribe();
    await this.discovery.settled();
    const discovery = this.discovery.discovery();
    if (!discovery)
      throw new AttachmentError('unavailable', this.discovery.failure() || 'Discovery has not read the backend.');
    const plan = scanPlan(
      discovery,
      (p) => this.discovery.storageAccess(p.pattern),
      (model) => this.discovery.permissions(model),
    );
    const shown: ScanReport = { ...report, prefixes: plan.prefixes };
    this.basis.set({ plan, discovery });
    this.lastReport = shown;
    this.report.set(shown);
    this.source.set('server');
    this.stateSignal.set({ status: 'done', report: shown });
  }

  /** The server report's dangling references with their fields' other paths read again (see withFieldPaths). */
  async completeDangling(refs: readonly DanglingRef[]): Promise<DanglingRef[]> {
    const basis = this.basis();
    if (!basis) throw new AttachmentError('invalid-input', 'Run a scan first: the clean-up works on its report.');
    return withFieldPaths(this.sources, basis.plan.fields, refs);
  }

  cancel(): void {
    if (this.stateSignal().status !== 'running') return;
    this.running?.unsubscribe();
    this.stateSignal.set(this.lastReport ? { status: 'done', report: this.lastReport } : { status: 'idle' });
  }

  /** Deletes orphan files through the job runner; young ones and ones referenced again are skipped. */
  deleteOrphans(files: readonly OrphanFile[]): Job<OrphanFile> {
    this.requireAdmin();
    const { plan, refusals } = this.cleanupBasis(files);
    // The audit trail's job id must be unique across tabs and sessions (Recently deleted restores by it).
    const jobId = crypto.randomUUID();
    const job: Job<OrphanFile> = this.jobs.start<OrphanFile>({
      title: `Delete ${files.length} orphan file${files.length === 1 ? '' : 's'}`,
      items: files,
      label: (f) => f.path,
      // Fuller reference batches: see CLEANUP_CONCURRENCY.
      concurrency: CLEANUP_CONCURRENCY,
      operation: reported(
        deleteOrphan(this.sources, plan.fields, { graceMs: this.settings.graceMs, now: () => new Date(), refusals }),
        (file, result): unknown =>
          result === 'deleted' &&
          this.events.happened({
            action: 'cleanup',
            ...NO_RECORD,
            before: [file.path],
            after: [],
            jobId,
            result: 'orphan file deleted',
          }),
      ),
    });
    this.whenFinished(job, (done) => this.forgetOrphans(new Set(done.map((f) => f.path))));
    return job;
  }

  /** Clears dangling references, one conditional update per record field. */
  clearDangling(refs: readonly DanglingRef[]): Job<DanglingGroup> {
    this.requireAdmin();
    const { plan, refusals } = this.cleanupBasis(refs);
    const groups = groupDangling(refs);
    const jobId = crypto.randomUUID();
    const job: Job<DanglingGroup> = this.jobs.start<DanglingGroup>({
      title: `Clear ${refs.length} dangling reference${refs.length === 1 ? '' : 's'}`,
      items: groups,
      label: (g) => `${g.model} ${g.id} · ${g.field}: ${g.missing.join(', ')}`,
      operation: reported(
        clearDangling(this.sources, plan.fields, refusals),
        (g, result): unknown =>
          result === 'cleared' &&
          this.events.happened({
            action: 'cleanup',
            model: g.model,
            recordId: g.id,
            field: g.field,
            before: g.fieldPaths,
            after: g.fieldPaths.filter((p) => !g.missing.includes(p)),
            jobId,
            result: 'dangling references cleared',
          }),
      ),
    });
    this.whenFinished(job, (done) => {
      const cleared = new Set(done.flatMap((g) => g.missing.map((p) => `${g.model}#${g.id}#${g.field}#${p}`)));
      this.updateReport((r) => ({
        ...r,
        dangling: r.dangling.filter((d) => !cleared.has(`${d.model}#${d.id}#${d.field}#${d.path}`)),
      }));
    });
    return job;
  }

  /** Takes files a clean-up deleted out of the shown report. */
  forgetOrphans(gone: ReadonlySet<string>): void {
    this.updateReport((r) => ({ ...r, orphans: r.orphans.filter((o) => !gone.has(o.path)) }));
  }

  /** The fields the report was scanned with, after checking that no refusal covers the items. */
  cleanupBasis(items: readonly (OrphanFile | DanglingRef)[]): {
    plan: ScanPlan;
    refusals: readonly CleanupRefusal[];
  } {
    const basis = this.basis();
    if (!basis) throw new AttachmentError('invalid-input', 'Run a scan first: the clean-up works on its report.');
    const refusals = this.refusals();
    const refusal = items.map((i) => refusalOf(refusals, i)).find(Boolean);
    if (refusal) throw new AttachmentError('invalid-input', `Clean-up refused: ${refusal.message} ${refusal.fix}`);
    return { plan: basis.plan, refusals };
  }

  requireAdmin(): void {
    if (!this.session.can('delete')) {
      throw new AttachmentError('forbidden', 'Only admins clean up orphans and dangling references.');
    }
  }

  /** Takes the items done well out of the report each time a run of the job ends. */
  private whenFinished<T>(job: Job<T>, apply: (done: T[]) => void): void {
    job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')).subscribe(() => {
      apply(
        job
          .results()
          .filter((r) => r.status === 'ok')
          .map((r) => r.item),
      );
    });
  }

  private updateReport(change: (r: ScanReport) => ScanReport): void {
    const current = this.report();
    if (!current) return;
    const next = change(current);
    this.lastReport = next;
    this.report.set(next);
    if (this.stateSignal().status === 'done') this.stateSignal.set({ status: 'done', report: next });
  }

  private saveSummary(summary: ScanSummary): void {
    this.summarySignal.set(summary);
    storeScanSummary(summary);
  }
}

import { Injectable, Injector, computed, inject } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { type Observable, combineLatest, filter, firstValueFrom, map, of, switchMap, timeout } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import type { Job, JobProgress } from './job';
import { JobRunner } from './job-runner';

/** What runs at one moment. */
export interface RunningWork {
  readonly jobs: readonly { readonly title: string; readonly progress: JobProgress }[];
  readonly uploads: number;
}

/** "1 bulk job (12 of 40 done) and 2 uploads"; "" when nothing runs. */
export function describeWork({ jobs, uploads }: RunningWork): string {
  const parts: string[] = [];
  if (jobs.length) {
    const counts = jobs.map(({ progress: p }) => `${p.done} of ${p.total} done`).join('; ');
    parts.push(`${jobs.length} bulk ${jobs.length === 1 ? 'job' : 'jobs'} (${counts})`);
  }
  if (uploads) parts.push(`${uploads} ${uploads === 1 ? 'upload' : 'uploads'}`);
  return parts.join(' and ');
}

/**
 * Knows what leaving the page would lose: the bulk jobs still at work and the uploads in flight,
 * wherever they were started. Stops them all on request (before signing out).
 */
@Injectable({ providedIn: 'root' })
export class WorkInProgress {
  private readonly runner = inject(JobRunner);
  private readonly engine = inject(AttachmentEngine);
  private readonly injector = inject(Injector);

  readonly jobs = this.runner.running;
  readonly uploads = this.engine.uploadsInFlight;
  /** Whether anything runs now. Read at any moment (e.g. while the page unloads). */
  readonly busy = computed(() => this.jobs().length > 0 || this.uploads() > 0);

  /** What runs, with each job's counts as they change. */
  readonly now$: Observable<RunningWork> = combineLatest([
    toObservable(this.jobs).pipe(
      switchMap((jobs: readonly Job[]) =>
        jobs.length
          ? combineLatest(jobs.map((job) => job.progress$.pipe(map((progress) => ({ title: job.title, progress })))))
          : of([]),
      ),
    ),
    toObservable(this.uploads),
  ]).pipe(map(([jobs, uploads]) => ({ jobs, uploads })));

  /** What runs at this moment. */
  snapshot(): RunningWork {
    return { jobs: this.jobs().map((job) => ({ title: job.title, progress: job.progress })), uploads: this.uploads() };
  }

  /**
   * Cancels every job as its Cancel button does (items not started are skipped, those in flight
   * finish: a sent request cannot be taken back) and aborts every upload. Resolves once nothing
   * runs, or after `waitMs` whatever still runs.
   */
  async stopAll(waitMs = 10_000): Promise<void> {
    for (const job of this.jobs()) job.cancel();
    // An album batch starts its next file when one stops: stop until none is left.
    for (let round = 0; round < 1000 && this.uploads() > 0; round++) this.engine.abortUploads();
    if (!this.busy()) return;
    await firstValueFrom(
      toObservable(this.busy, { injector: this.injector }).pipe(
        filter((busy) => !busy),
        timeout({ first: waitMs, with: () => of(false) }),
      ),
    );
  }
}

import { Injectable, InjectionToken, computed, effect, inject, signal, untracked } from '@angular/core';
import { asyncScheduler, distinctUntilChanged, filter, map, type Observable } from 'rxjs';
import { Session } from '../core/auth/session';
import { Reachability } from '../core/backend/reachability';
import { Job, type UndoOffer } from './job';

export interface JobSettings {
  /** Items of one job in flight at once. */
  readonly concurrency: number;
}

export const JOB_SETTINGS = new InjectionToken<JobSettings>('JobSettings', {
  providedIn: 'root',
  factory: () => ({ concurrency: 8 }),
});

/** The scheduler jobs read the time from (specs give a TestScheduler). */
export const JOB_SCHEDULER = new InjectionToken('JobScheduler', { providedIn: 'root', factory: () => asyncScheduler });

export interface StartJob<T> {
  readonly title: string;
  readonly items: readonly T[];
  readonly label: (item: T) => string;
  readonly operation: (item: T) => Observable<unknown>;
  /** Overrides the setting for this job. */
  readonly concurrency?: number;
  /** What cancel does to the items in flight (see JobSpec): `finish` unless said otherwise. */
  readonly onCancel?: 'finish' | 'abort';
  /** How to take the job back once it is through (a bulk delete or detach). */
  readonly undo?: UndoOffer;
  /** Further items a batch at a time (see JobSpec.more). */
  readonly more?: () => Promise<readonly T[] | null>;
}

/**
 * The one bulk job runner: every bulk action starts its job here. Jobs belong to the application,
 * not to a page, so they keep running and stay listed while the operator moves around, until
 * dismissed.
 */
@Injectable({ providedIn: 'root' })
export class JobRunner {
  private readonly settings = inject(JOB_SETTINGS);
  private readonly scheduler = inject(JOB_SCHEDULER);
  /** Optional: the Node integration tests run jobs without the browser's reachability check. */
  private readonly reachability = inject(Reachability, { optional: true });
  private readonly list = signal<readonly Job<unknown>[]>([]);
  private readonly onPage = signal<ReadonlyMap<number, number>>(new Map());
  /** Ids of the jobs running or canceling (their items in flight still finishing). */
  private readonly activeIds = signal<ReadonlySet<number>>(new Set());

  /** Every job not dismissed yet, oldest first. */
  readonly jobs = this.list.asReadonly();
  readonly hasJobs = computed(() => this.list().length > 0);
  /** The jobs still at work (running, or canceling with items in flight), oldest first. */
  readonly running = computed(() => this.list().filter((job) => this.activeIds().has(job.id)));

  constructor() {
    // The finished jobs (their item names and outcomes) are the signed-in person's: someone else
    // signing in on the same tab does not see them. Signing out and back in keeps them.
    const session = inject(Session, { optional: true });
    if (!session) return; // the Node integration tests run jobs without a session
    let owner: string | undefined;
    effect(() => {
      const user = session.user()?.userId;
      if (!user) return;
      if (owner !== undefined && owner !== user) {
        untracked(() => {
          for (const job of this.list()) if (!this.activeIds().has(job.id)) this.dismiss(job);
        });
      }
      owner = user;
    });
  }

  start<T>(spec: StartJob<T>): Job<T> {
    const job = new Job<T>({ ...spec, concurrency: spec.concurrency ?? this.settings.concurrency }, this.scheduler);
    this.list.update((jobs) => [...jobs, job as unknown as Job<unknown>]);
    job.progress$
      .pipe(
        map((p) => p.state === 'running' || p.state === 'canceling'),
        distinctUntilChanged(),
      )
      .subscribe({
        next: (active) => this.markActive(job.id, active),
        complete: () => this.markActive(job.id, false),
      });
    // An item that ended well or was skipped had its answers from the backend.
    job.progress$
      .pipe(
        map((p) => p.done + p.skipped),
        distinctUntilChanged(),
        filter((answered) => answered > 0),
      )
      .subscribe(() => this.reachability?.answered());
    return job;
  }

  /**
   * Jobs a page shows in its own panel right now (the orphan clean-up does): the shell's dock
   * leaves them out, so no job is shown twice. Counted, as a page may show one twice.
   */
  readonly shownByPage = computed(() => new Set(this.onPage().keys()));

  /** A page's panel shows the job until the returned function is called. */
  showOnPage(job: Job<unknown>): () => void {
    const change = (by: number) =>
      this.onPage.update((shown) => {
        const next = new Map(shown);
        const count = (next.get(job.id) ?? 0) + by;
        if (count > 0) next.set(job.id, count);
        else next.delete(job.id);
        return next;
      });
    change(1);
    return () => change(-1);
  }

  /** Removes a job and its results; a job still running is canceled first. */
  dismiss<T>(job: Job<T>): void {
    job.close();
    this.list.update((jobs) => jobs.filter((j) => (j as unknown) !== job));
  }

  private markActive(id: number, active: boolean): void {
    this.activeIds.update((ids) => {
      if (ids.has(id) === active) return ids;
      const next = new Set(ids);
      if (active) next.add(id);
      else next.delete(id);
      return next;
    });
  }
}

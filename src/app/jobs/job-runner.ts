import { Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { asyncScheduler, type Observable } from 'rxjs';
import { Job } from './job';

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
  private readonly list = signal<readonly Job<unknown>[]>([]);

  /** Every job not dismissed yet, oldest first. */
  readonly jobs = this.list.asReadonly();
  readonly hasJobs = computed(() => this.list().length > 0);

  start<T>(spec: StartJob<T>): Job<T> {
    const job = new Job<T>({ ...spec, concurrency: spec.concurrency ?? this.settings.concurrency }, this.scheduler);
    this.list.update((jobs) => [...jobs, job as unknown as Job<unknown>]);
    return job;
  }

  /** Removes a job and its results; a job still running is canceled first. */
  dismiss<T>(job: Job<T>): void {
    job.close();
    this.list.update((jobs) => jobs.filter((j) => (j as unknown) !== job));
  }
}

import { ChangeDetectionStrategy, Component, booleanAttribute, computed, inject, input } from '@angular/core';
import { JobPanel } from './job-panel';
import { JobRunner } from './job-runner';

/**
 * Every bulk job not dismissed yet, newest first. Jobs belong to the application, so any page
 * can show them with `<app-job-dock />`; the shell shows them on every page with
 * `<app-job-dock inShell />`, leaving out those the current page shows itself.
 */
@Component({
  selector: 'app-job-dock',
  imports: [JobPanel],
  template: `
    @for (job of jobs(); track job.id) {
      <app-job-panel [job]="job" [inShell]="inShell()" />
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    :host:empty {
      display: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobDock {
  private readonly runner = inject(JobRunner);
  readonly inShell = input(false, { transform: booleanAttribute });
  protected readonly jobs = computed(() => {
    const jobs = [...this.runner.jobs()].reverse();
    if (!this.inShell()) return jobs;
    const onPage = this.runner.shownByPage();
    return jobs.filter((job) => !onPage.has(job.id));
  });
}

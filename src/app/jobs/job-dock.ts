import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { JobPanel } from './job-panel';
import { JobRunner } from './job-runner';

/**
 * Every bulk job not dismissed yet, newest first. Jobs belong to the application, so any page
 * (or the shell, once for all pages) can show them with `<app-job-dock />`.
 */
@Component({
  selector: 'app-job-dock',
  imports: [JobPanel],
  template: `
    @for (job of jobs(); track job.id) {
      <app-job-panel [job]="job" />
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
  protected readonly jobs = () => [...this.runner.jobs()].reverse();
}

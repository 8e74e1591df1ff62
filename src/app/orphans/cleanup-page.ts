import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { Notifier } from '../core/notify/notifier';
import type { Job } from '../jobs/job';
import { JobPanel } from '../jobs/job-panel';
import { formatDuration } from './cleanup';
import { refusalOf } from './cleanup-refusals';
import { CleanupRequests } from './cleanup-requests';
import { formatBytes } from '../shared/format/file-format';
import { OrphanScanner } from './orphan-scanner';
import { ReportCleanup } from './report-cleanup';

/**
 * Clean-up of what the report page selected (admins only: the route is guarded). Says what will
 * be lost before anything starts; then the job's progress and results.
 */
@Component({
  selector: 'app-cleanup-page',
  imports: [JobPanel, MatButtonModule, MatIconModule, RouterLink],
  templateUrl: './cleanup-page.html',
  styleUrl: './cleanup-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CleanupPage {
  private readonly requests = inject(CleanupRequests);
  private readonly scanner = inject(OrphanScanner);
  private readonly notifier = inject(Notifier);
  private readonly reportCleanup = inject(ReportCleanup);

  protected readonly request = this.requests.request;
  protected readonly job = signal<Job<unknown> | null>(null);
  protected readonly grace = formatDuration(this.scanner.settings.graceMs);
  /** The refusal that covers any of the requested items: then nothing starts. */
  protected readonly refusal = computed(() => {
    const r = this.request();
    const refusals = this.scanner.refusals();
    if (!r || r.kind === 'report-orphans' || refusals.length === 0) return undefined;
    const items = r.kind === 'orphans' ? r.files : r.refs;
    return items.map((i) => refusalOf(refusals, i)).find(Boolean);
  });
  protected readonly what = computed(() => {
    const r = this.request();
    if (!r) return null;
    if (r.kind === 'report-orphans') {
      const matching = r.filter.trim() ? ` whose key or record id contains “${r.filter.trim()}”` : '';
      return {
        title: matching
          ? `Delete the orphan files of the shared report${matching}?`
          : `Delete all ${r.total.toLocaleString('en')} orphan files of the shared report (${formatBytes(r.bytes)})?`,
        lost: 'The files are deleted from storage for good; no record references them.',
        safety:
          `The clean-up reads the report from storage a page at a time. Each file is checked again right before ` +
          `it is deleted: a file a record references by then, one younger than ${this.grace}, or one under a ` +
          `prefix the clean-up refuses is kept. Cancel stops after the batch of files under way.`,
        action: 'Delete files',
        items: [] as string[],
      };
    }
    if (r.kind === 'orphans') {
      const bytes = r.files.reduce((sum, f) => sum + f.size, 0);
      const young = r.files.filter((f) => f.young).length;
      return {
        title: `Delete ${r.files.length} orphan file${r.files.length === 1 ? '' : 's'} (${formatBytes(bytes)})?`,
        lost: `The files are deleted from storage for good; no record references them.`,
        safety:
          `Each file is checked again right before it is deleted: a file a record references by then, ` +
          `or one younger than ${this.grace}, is kept.` +
          (young ? ` ${young} of these are younger than ${this.grace} now and will be skipped.` : ''),
        action: 'Delete files',
        items: r.files.map((f) => f.path),
      };
    }
    const records = new Set(r.refs.map((d) => `${d.model}#${d.id}`)).size;
    return {
      title: `Clear ${r.refs.length} dangling reference${r.refs.length === 1 ? '' : 's'} in ${records} record${records === 1 ? '' : 's'}?`,
      lost: 'The records stop pointing at these missing files; their other files and fields stay as they are.',
      safety: 'A record changed since the scan is skipped and reported, never overwritten.',
      action: 'Clear references',
      items: r.refs.map((d) => `${d.model} ${d.id} · ${d.field}: ${d.path}`),
    };
  });

  protected start(): void {
    const r = this.request();
    if (!r) return;
    try {
      const job =
        r.kind === 'report-orphans'
          ? this.reportCleanup.deleteAll(r.filter)
          : r.kind === 'orphans'
            ? this.scanner.deleteOrphans(r.files)
            : this.scanner.clearDangling(r.refs);
      this.job.set(job as Job<unknown>);
      this.requests.clear();
    } catch (err) {
      this.notifier.error(err);
    }
  }
}

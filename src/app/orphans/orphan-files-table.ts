import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSortHeader } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { formatDuration } from './cleanup';
import { type CleanupRefusal, refusalOf } from './cleanup-refusals';
import { formatAge } from './format';
import { fileNameOf, formatBytes } from '../shared/format/file-format';
import type { OrphanFile } from './orphan-report';
import { OrphanPreview } from './orphan-preview';
import { RecordRef } from './record-ref';
import { ReportFrame } from './report-frame';
import { ReportSelectColumn } from './report-select-column';
import { ReportSort } from './report-sort';
import { ReportTable, fileStamp } from './report-table';
import { type CleanupActions, ReportTools } from './report-tools';

/** The orphan files of a scan: filter, sort, select, export, and (for admins) clean up. */
@Component({
  selector: 'app-orphan-files-table',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatSortHeader,
    MatTableModule,
    MatTooltipModule,
    OrphanPreview,
    RecordRef,
    ReportFrame,
    ReportSelectColumn,
    ReportSort,
    ReportTools,
  ],
  templateUrl: './orphan-files-table.html',
  styleUrl: './orphan-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrphanFilesTable {
  readonly rows = input.required<readonly OrphanFile[]>();
  readonly scannedAt = input.required<Date>();
  readonly graceMs = input.required<number>();
  /** Whether the clean-up actions are offered (admins). */
  readonly canClean = input(false);
  /** Why some files are not offered for clean-up (their prefix is refused). */
  readonly refusals = input<readonly CleanupRefusal[]>([]);
  readonly cleanup = output<readonly OrphanFile[]>();
  /**
   * The shared report's orphan count while some of its pages are not loaded (null otherwise):
   * selecting every loaded row then offers the whole report, Gmail-style.
   */
  readonly inReport = input<number | null>(null);
  /** Clean up every orphan of the shared report matching this filter text (read page by page). */
  readonly cleanupReport = output<string>();

  protected readonly columns = computed(() => [
    ...(this.canClean() ? ['select'] : []),
    'preview',
    'path',
    'size',
    'age',
    'record',
  ]);
  protected readonly table = new ReportTable<OrphanFile>({
    rows: this.rows,
    // A newline cannot be typed into the filter, so a match never spans the key and the id.
    text: (r) => `${r.path}\n${r.owner.id ?? ''}`,
    sortValue: (r, column) => {
      switch (column) {
        case 'size':
          return r.size;
        case 'age':
          return -(r.lastModified?.getTime() ?? Infinity);
        case 'record':
          return `${r.owner.exists ? 0 : 1}${r.owner.model ?? ''}${r.owner.id ?? ''}`;
        default:
          return r.path;
      }
    },
    initialSort: { active: 'size', direction: 'desc' },
    // Files in the grace period may be uploads in flight, and a refused prefix's files may be in
    // use: neither is offered for clean-up.
    cleanable: (rows) => rows.filter((r) => !r.young && !refusalOf(this.refusals(), r)),
    csv: {
      fileName: () => `orphan-files-${fileStamp(this.scannedAt())}`,
      header: ['path', 'bytes', 'last_modified', 'record_id', 'record_model', 'record_exists', 'in_grace_period'],
      cells: (r) => [
        r.path,
        r.size,
        r.lastModified,
        r.owner.id,
        r.owner.model ?? '',
        r.owner.exists ? 'yes' : 'no',
        r.young ? 'yes' : 'no',
      ],
    },
  });
  protected readonly actions: CleanupActions = { verb: 'Delete', icon: 'delete', allIcon: 'delete_sweep' };
  protected readonly rowLabel = (r: OrphanFile) => `Select ${r.path}`;
  protected readonly grace = computed(() => formatDuration(this.graceMs()));
  protected readonly young = computed(() => this.rows().filter((r) => r.young).length);
  protected readonly refused = computed(
    () => this.rows().filter((r) => !r.young && refusalOf(this.refusals(), r)).length,
  );
  protected readonly formatBytes = formatBytes;
  protected readonly fileNameOf = fileNameOf;
  /** Whether the operator took up the offer to select the whole report; any change of selection or filter drops it. */
  protected readonly wholeReport = linkedSignal({
    source: () => [this.table.allShownSelected(), this.table.filter(), this.inReport()] as const,
    computation: () => false,
  });
  /** The offer to select the whole report: when every loaded row matching the filter is selected. */
  protected readonly offerWhole = computed(
    () => this.canClean() && this.inReport() !== null && this.table.allShownSelected(),
  );
  protected readonly quotedFilter = computed(() => this.table.filter().trim());
  protected readonly everything = computed(() => {
    if (!this.offerWhole() || !this.wholeReport()) return null;
    const f = this.quotedFilter();
    return f ? `all in the report matching “${f}”` : `all ${this.inReport()!.toLocaleString('en')} in the report`;
  });

  protected age(row: OrphanFile): string {
    return formatAge(row.lastModified, this.scannedAt());
  }
}

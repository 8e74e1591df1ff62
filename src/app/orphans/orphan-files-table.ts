import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { formatDuration } from './cleanup';
import { fileNameOf, formatAge, formatBytes } from './format';
import type { OrphanFile } from './orphan-report';
import { OrphanPreview } from './orphan-preview';
import { RecordRef } from './record-ref';
import { ReportSelectColumn } from './report-select-column';
import { PAGE_SIZES, ReportTable, fileStamp } from './report-table';
import { ReportTools } from './report-tools';

/** The orphan files of a scan: filter, sort, select, export, and (for admins) clean up. */
@Component({
  selector: 'app-orphan-files-table',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatSortModule,
    MatTableModule,
    MatTooltipModule,
    OrphanPreview,
    RecordRef,
    ReportSelectColumn,
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
  readonly cleanup = output<readonly OrphanFile[]>();

  protected readonly columns = computed(() => [
    ...(this.canClean() ? ['select'] : []),
    'preview',
    'path',
    'size',
    'age',
    'record',
  ]);
  protected readonly pageSizes = PAGE_SIZES;
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
  protected readonly rowLabel = (r: OrphanFile) => `Select ${r.path}`;
  protected readonly eligible = computed(() => this.rows().filter((r) => !r.young));
  protected readonly grace = computed(() => formatDuration(this.graceMs()));
  protected readonly formatBytes = formatBytes;
  protected readonly fileNameOf = fileNameOf;

  protected age(row: OrphanFile): string {
    return formatAge(row.lastModified, this.scannedAt());
  }

  protected cleanSelected(): void {
    this.cleanup.emit(this.table.selectedRows());
  }

  protected cleanAll(): void {
    this.cleanup.emit(this.eligible());
  }
}

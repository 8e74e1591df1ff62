import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import type { DanglingRef } from './orphan-report';
import { RecordRef } from './record-ref';
import { ReportSelectColumn } from './report-select-column';
import { PAGE_SIZES, ReportTable, fileStamp } from './report-table';
import { ReportTools } from './report-tools';

/** The dangling references of a scan: filter, sort, select, export, and (for admins) clear. */
@Component({
  selector: 'app-dangling-table',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatSortModule,
    MatTableModule,
    RecordRef,
    ReportSelectColumn,
    ReportTools,
  ],
  templateUrl: './dangling-table.html',
  styleUrl: './orphan-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DanglingTable {
  readonly rows = input.required<readonly DanglingRef[]>();
  readonly scannedAt = input.required<Date>();
  readonly canClean = input(false);
  readonly cleanup = output<readonly DanglingRef[]>();

  protected readonly columns = computed(() => [...(this.canClean() ? ['select'] : []), 'record', 'field', 'path']);
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly table = new ReportTable<DanglingRef>({
    rows: this.rows,
    text: (r) => `${r.model} ${r.id} ${r.field} ${r.path}`,
    sortValue: (r, column) =>
      column === 'record' ? `${r.model} ${r.id}` : column === 'field' ? `${r.model}.${r.field}` : r.path,
    csv: {
      fileName: () => `dangling-references-${fileStamp(this.scannedAt())}`,
      header: ['model', 'record_id', 'field', 'missing_path', 'record_updated_at'],
      cells: (r) => [r.model, r.id, r.field, r.path, r.updatedAt],
    },
  });
  protected readonly rowLabel = (r: DanglingRef) => `Select ${r.model} ${r.id} ${r.path}`;

  protected cleanSelected(): void {
    this.cleanup.emit(this.table.selectedRows());
  }

  protected cleanAll(): void {
    this.cleanup.emit(this.rows());
  }
}

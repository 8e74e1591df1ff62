import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatSortHeader } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { type CleanupRefusal, refusalOf } from './cleanup-refusals';
import type { DanglingRef } from './orphan-report';
import { RecordRef } from './record-ref';
import { ReportFrame } from './report-frame';
import { ReportSelectColumn } from './report-select-column';
import { ReportSort } from './report-sort';
import { ReportTable, fileStamp } from './report-table';
import { type CleanupActions, ReportTools } from './report-tools';

/** The dangling references of a scan: filter, sort, select, export, and (for admins) clear. */
@Component({
  selector: 'app-dangling-table',
  imports: [MatSortHeader, MatTableModule, RecordRef, ReportFrame, ReportSelectColumn, ReportSort, ReportTools],
  templateUrl: './dangling-table.html',
  styleUrl: './orphan-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DanglingTable {
  readonly rows = input.required<readonly DanglingRef[]>();
  readonly scannedAt = input.required<Date>();
  readonly canClean = input(false);
  /** Why some references are not offered for clean-up (their field is refused). */
  readonly refusals = input<readonly CleanupRefusal[]>([]);
  readonly cleanup = output<readonly DanglingRef[]>();

  protected readonly columns = computed(() => [...(this.canClean() ? ['select'] : []), 'record', 'field', 'path']);
  protected readonly table = new ReportTable<DanglingRef>({
    rows: this.rows,
    text: (r) => `${r.model} ${r.id} ${r.field} ${r.path}`,
    sortValue: (r, column) =>
      column === 'record' ? `${r.model} ${r.id}` : column === 'field' ? `${r.model}.${r.field}` : r.path,
    cleanable: (rows) => rows.filter((r) => !refusalOf(this.refusals(), r)),
    csv: {
      fileName: () => `dangling-references-${fileStamp(this.scannedAt())}`,
      header: ['model', 'record_id', 'field', 'missing_path', 'record_updated_at'],
      cells: (r) => [r.model, r.id, r.field, r.path, r.updatedAt],
    },
  });
  protected readonly actions: CleanupActions = { verb: 'Clear', icon: 'link_off', allIcon: 'link_off' };
  protected readonly rowLabel = (r: DanglingRef) => `Select ${r.model} ${r.id} ${r.path}`;
}

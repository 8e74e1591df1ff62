import { SelectionModel } from '@angular/cdk/collections';
import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginator, MatPaginatorModule } from '@angular/material/paginator';
import { MatSort, MatSortModule } from '@angular/material/sort';
import { MatTableDataSource, MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { downloadCsv, toCsv } from '../shared/csv';
import type { DanglingRef } from './orphan-report';
import { recordLink } from './record-pages';

/** The dangling references of a scan: filter, sort, select, export, and (for admins) clear. */
@Component({
  selector: 'app-dangling-table',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSortModule,
    MatTableModule,
    RouterLink,
  ],
  templateUrl: './dangling-table.html',
  styleUrl: './orphan-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DanglingTable {
  private readonly document = inject(DOCUMENT);
  readonly rows = input.required<readonly DanglingRef[]>();
  readonly scannedAt = input.required<Date>();
  readonly canClean = input(false);
  readonly cleanup = output<readonly DanglingRef[]>();

  protected readonly columns = computed(() => [...(this.canClean() ? ['select'] : []), 'record', 'field', 'path']);
  protected readonly data = new MatTableDataSource<DanglingRef>([]);
  protected readonly selection = new SelectionModel<DanglingRef>(true, []);
  protected readonly selected = signal(0);
  protected readonly shown = signal(0);
  protected readonly filter = signal('');

  private readonly sort = viewChild(MatSort);
  private readonly paginator = viewChild(MatPaginator);

  constructor() {
    this.data.filterPredicate = (row, text) =>
      `${row.model} ${row.id} ${row.field} ${row.path}`.toLowerCase().includes(text);
    this.data.sortingDataAccessor = (row, column) =>
      column === 'record' ? `${row.model} ${row.id}` : column === 'field' ? `${row.model}.${row.field}` : row.path;
    effect(() => {
      this.data.data = [...this.rows()];
      this.selection.clear();
      this.shown.set(this.data.filteredData.length);
    });
    effect(() => {
      this.data.sort = this.sort() ?? null;
      this.data.paginator = this.paginator() ?? null;
    });
    this.selection.changed.subscribe(() => this.selected.set(this.selection.selected.length));
  }

  protected link(row: DanglingRef): string[] | null {
    return recordLink(row.model, row.id);
  }

  protected onFilter(event: Event): void {
    this.filter.set((event.target as HTMLInputElement).value);
    this.data.filter = this.filter().trim().toLowerCase();
    this.shown.set(this.data.filteredData.length);
  }

  protected allShownSelected(): boolean {
    const rows = this.data.filteredData;
    return rows.length > 0 && rows.every((r) => this.selection.isSelected(r));
  }

  protected toggleAll(): void {
    if (this.allShownSelected()) this.selection.clear();
    else this.selection.select(...this.data.filteredData);
  }

  protected cleanSelected(): void {
    this.cleanup.emit([...this.selection.selected]);
  }

  protected cleanAll(): void {
    this.cleanup.emit(this.rows());
  }

  protected exportCsv(): void {
    const rows = this.data.filteredData.map((r) => [r.model, r.id, r.field, r.path, r.updatedAt]);
    const csv = toCsv(['model', 'record_id', 'field', 'missing_path', 'record_updated_at'], rows);
    downloadCsv(
      this.document,
      `dangling-references-${this.scannedAt().toISOString().slice(0, 19).replace(/:/g, '')}.csv`,
      csv,
    );
  }
}

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
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { downloadCsv, toCsv } from '../shared/csv';
import { formatDuration } from './cleanup';
import { fileNameOf, formatAge, formatBytes } from './format';
import type { OrphanFile } from './orphan-report';
import { OrphanPreview } from './orphan-preview';
import { recordLink } from './record-pages';

/** The orphan files of a scan: filter, sort, select, export, and (for admins) clean up. */
@Component({
  selector: 'app-orphan-files-table',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatSortModule,
    MatTableModule,
    MatTooltipModule,
    OrphanPreview,
    RouterLink,
  ],
  templateUrl: './orphan-files-table.html',
  styleUrl: './orphan-tables.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrphanFilesTable {
  private readonly document = inject(DOCUMENT);
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
  protected readonly data = new MatTableDataSource<OrphanFile>([]);
  protected readonly selection = new SelectionModel<OrphanFile>(true, []);
  protected readonly selected = signal(0);
  protected readonly shown = signal(0);
  protected readonly filter = signal('');
  protected readonly eligible = computed(() => this.rows().filter((r) => !r.young));
  protected readonly grace = computed(() => formatDuration(this.graceMs()));
  protected readonly formatBytes = formatBytes;
  protected readonly fileNameOf = fileNameOf;
  protected readonly recordLink = recordLink;

  private readonly sort = viewChild(MatSort);
  private readonly paginator = viewChild(MatPaginator);

  constructor() {
    this.data.filterPredicate = (row, text) =>
      row.path.toLowerCase().includes(text) || (row.owner.id ?? '').toLowerCase().includes(text);
    this.data.sortingDataAccessor = (row, column) => {
      switch (column) {
        case 'size':
          return row.size;
        case 'age':
          return -(row.lastModified?.getTime() ?? Infinity);
        case 'record':
          return `${row.owner.exists ? 0 : 1}${row.owner.model ?? ''}${row.owner.id ?? ''}`;
        default:
          return row.path;
      }
    };
    effect(() => {
      this.data.data = [...this.rows()];
      this.selection.clear();
      this.sync();
    });
    effect(() => {
      this.data.sort = this.sort() ?? null;
      this.data.paginator = this.paginator() ?? null;
    });
    this.selection.changed.subscribe(() => this.selected.set(this.selection.selected.length));
  }

  protected age(row: OrphanFile): string {
    return formatAge(row.lastModified, this.scannedAt());
  }

  protected onFilter(event: Event): void {
    this.filter.set((event.target as HTMLInputElement).value);
    this.data.filter = this.filter().trim().toLowerCase();
    this.sync();
  }

  protected allShownSelected(): boolean {
    const rows = this.data.filteredData;
    return rows.length > 0 && rows.every((r) => this.selection.isSelected(r));
  }

  /** Selects every row matching the filter (on every page), or none. */
  protected toggleAll(): void {
    if (this.allShownSelected()) this.selection.clear();
    else this.selection.select(...this.data.filteredData);
  }

  protected cleanSelected(): void {
    this.cleanup.emit([...this.selection.selected]);
  }

  protected cleanAll(): void {
    this.cleanup.emit(this.eligible());
  }

  protected exportCsv(): void {
    const rows = this.data.filteredData.map((r) => [
      r.path,
      r.size,
      r.lastModified,
      r.owner.id,
      r.owner.model ?? '',
      r.owner.exists ? 'yes' : 'no',
      r.young ? 'yes' : 'no',
    ]);
    const csv = toCsv(
      ['path', 'bytes', 'last_modified', 'record_id', 'record_model', 'record_exists', 'in_grace_period'],
      rows,
    );
    downloadCsv(
      this.document,
      `orphan-files-${this.scannedAt().toISOString().slice(0, 19).replace(/:/g, '')}.csv`,
      csv,
    );
  }

  private sync(): void {
    this.shown.set(this.data.filteredData.length);
  }
}

import { ChangeDetectionStrategy, Component, type Signal, input } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatTableModule } from '@angular/material/table';
import type { RecordNouns } from './record-list-state';
import { TableColumn } from './table-column';

/** What the column reads from a RecordListState. */
export interface SelectableRows<T> {
  readonly page: Signal<{ readonly rows: readonly T[] }>;
  readonly pageSelection: Signal<'all' | 'some' | 'none'>;
  readonly selection: { has(row: T): boolean; setRows(rows: readonly T[], checked: boolean): void };
  press(event: MouseEvent | KeyboardEvent): void;
  tick(row: T, checked: boolean): void;
}

/**
 * A records table's `select` column: a checkbox a row (Shift for a range) and one in the header
 * for the rows on the page. Placed inside a `mat-table`, it adds itself to the table's columns.
 */
@Component({
  selector: 'app-select-column',
  imports: [MatCheckboxModule, MatTableModule],
  templateUrl: './select-column.html',
  styleUrl: './select-column.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SelectColumn<T extends { readonly name: string }> extends TableColumn {
  readonly list = input.required<SelectableRows<T>>();
  readonly nouns = input.required<RecordNouns>();
}

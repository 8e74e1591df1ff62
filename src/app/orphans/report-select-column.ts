import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatTableModule } from '@angular/material/table';
import { TableColumn } from '../shared/record-list/table-column';
import type { ReportSelection } from './report-table';

/**
 * A report table's `select` column: a checkbox per row, and one in the header that selects every
 * row matching the filter (on every page). Placed inside a `mat-table`, it adds itself to the
 * table's columns.
 */
@Component({
  selector: 'app-report-select-column',
  imports: [MatCheckboxModule, MatTableModule],
  template: `
    <ng-container matColumnDef="select">
      <th mat-header-cell *matHeaderCellDef>
        <mat-checkbox
          [checked]="report().selected() > 0 && report().allShownSelected()"
          [indeterminate]="report().selected() > 0 && !report().allShownSelected()"
          (change)="report().toggleAll()"
          [aria-label]="allLabel()"
        />
      </th>
      <td mat-cell *matCellDef="let row">
        <mat-checkbox
          [checked]="report().isSelected(row)"
          (change)="report().toggle(row)"
          [aria-label]="rowLabel()(row)"
        />
      </td>
    </ng-container>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportSelectColumn<T> extends TableColumn {
  readonly report = input.required<ReportSelection<T>>();
  /** The header checkbox's accessible name. */
  readonly allLabel = input.required<string>();
  /** A row checkbox's accessible name. */
  readonly rowLabel = input.required<(row: T) => string>();
}

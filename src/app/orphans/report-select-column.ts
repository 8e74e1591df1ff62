import {
  ChangeDetectionStrategy,
  Component,
  type OnDestroy,
  type OnInit,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { CdkTable } from '@angular/cdk/table';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatCellDef, MatColumnDef, MatHeaderCellDef, MatTableModule } from '@angular/material/table';
import type { ReportSelection } from './report-table';

/**
 * A report table's `select` column: a checkbox per row, and one in the header that selects every
 * row matching the filter (on every page). Placed inside a `mat-table`, it adds itself to the
 * table's columns, as Material's text column does.
 */
@Component({
  selector: 'app-report-select-column',
  imports: [MatCheckboxModule, MatTableModule],
  template: `
    <ng-container matColumnDef="select">
      <th mat-header-cell *matHeaderCellDef>
        <mat-checkbox
          [checked]="table().selected() > 0 && table().allShownSelected()"
          [indeterminate]="table().selected() > 0 && !table().allShownSelected()"
          (change)="table().toggleAll()"
          [aria-label]="allLabel()"
        />
      </th>
      <td mat-cell *matCellDef="let row">
        <mat-checkbox
          [checked]="table().isSelected(row)"
          (change)="table().toggle(row)"
          [aria-label]="rowLabel()(row)"
        />
      </td>
    </ng-container>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportSelectColumn<T> implements OnInit, OnDestroy {
  private readonly host = inject(CdkTable<T>);
  readonly table = input.required<ReportSelection<T>>();
  /** The header checkbox's accessible name. */
  readonly allLabel = input.required<string>();
  /** A row checkbox's accessible name. */
  readonly rowLabel = input.required<(row: T) => string>();

  private readonly column = viewChild.required(MatColumnDef);
  private readonly cell = viewChild.required(MatCellDef);
  private readonly headerCell = viewChild.required(MatHeaderCellDef);

  ngOnInit(): void {
    const column = this.column();
    column.cell = this.cell();
    column.headerCell = this.headerCell();
    this.host.addColumnDef(column);
  }

  ngOnDestroy(): void {
    this.host.removeColumnDef(this.column());
  }
}

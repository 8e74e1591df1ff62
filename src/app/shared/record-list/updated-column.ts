import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { TableColumn } from './table-column';

/** A records table's `updatedAt` column: when the record last changed, sortable newest first. */
@Component({
  selector: 'app-updated-column',
  imports: [DatePipe, MatSortModule, MatTableModule],
  template: `
    <ng-container matColumnDef="updatedAt">
      <th mat-header-cell *matHeaderCellDef mat-sort-header start="desc">Updated</th>
      <td mat-cell *matCellDef="let row">
        <time [attr.datetime]="row.updatedAt">{{ row.updatedAt | date: 'medium' }}</time>
      </td>
    </ng-container>
  `,
  styles: `
    .mat-column-updatedAt {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UpdatedColumn extends TableColumn {}

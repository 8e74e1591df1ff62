import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { type MatMenuPanel, MatMenuModule } from '@angular/material/menu';
import { MatTableModule } from '@angular/material/table';
import { TableColumn } from './table-column';

/**
 * A records table's `actions` column: a button a row that opens the page's menu with the row as
 * `row` in the menu's context (`<ng-template matMenuContent let-song="row">`).
 */
@Component({
  selector: 'app-actions-column',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTableModule],
  template: `
    <ng-container matColumnDef="actions">
      <th mat-header-cell *matHeaderCellDef><span class="cdk-visually-hidden">Actions</span></th>
      <td mat-cell *matCellDef="let row" class="actions">
        <button
          mat-icon-button
          type="button"
          [matMenuTriggerFor]="menu()"
          [matMenuTriggerData]="{ row }"
          [attr.aria-label]="'Actions for ' + row.name"
        >
          <mat-icon>more_vert</mat-icon>
        </button>
      </td>
    </ng-container>
  `,
  styles: `
    .mat-column-actions {
      width: 48px;
      text-align: end;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActionsColumn extends TableColumn {
  readonly menu = input.required<MatMenuPanel>();
}

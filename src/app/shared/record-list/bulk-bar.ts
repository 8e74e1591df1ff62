import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { RecordListView, RecordNouns } from './record-list-state';

/**
 * The bar over a table while rows are ticked (for users who may edit): how many, select every
 * match, clear, the page's own actions (projected), and Delete, which only admins may use.
 */
@Component({
  selector: 'app-bulk-bar',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  templateUrl: './bulk-bar.html',
  styleUrl: './bulk-bar.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulkBar {
  readonly list = input.required<RecordListView>();
  readonly nouns = input.required<RecordNouns>();
  readonly canDelete = input.required<boolean>();
  readonly delete = output();
}

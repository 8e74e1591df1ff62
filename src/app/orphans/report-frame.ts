import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { PAGE_SIZES, type ReportPaging } from './report-table';

/**
 * Around a report's `mat-table` (projected): what to say when the scan found nothing, else the
 * table in a box that scrolls sideways on a phone, and the paginator.
 */
@Component({
  selector: 'app-report-frame',
  imports: [MatIconModule, MatPaginatorModule],
  template: `
    @if (report().total() === 0) {
      <div class="empty" [attr.data-testid]="emptyId()">
        <mat-icon aria-hidden="true">check_circle</mat-icon>
        <p>{{ emptyText() }}</p>
      </div>
    } @else {
      <div class="table-wrap"><ng-content /></div>
      <mat-paginator
        [length]="report().shown()"
        [pageIndex]="report().pageIndex()"
        [pageSize]="report().pageSize()"
        [pageSizeOptions]="pageSizes"
        (page)="report().turnPage($event)"
        [attr.aria-label]="pagesLabel()"
      />
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .table-wrap {
      overflow-x: auto;
    }
    .empty {
      display: grid;
      justify-items: center;
      gap: 8px;
      padding: 32px 16px;
      color: var(--mat-sys-on-surface-variant);

      p {
        margin: 0;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportFrame {
  readonly report = input.required<ReportPaging>();
  /** The test id of the "nothing found" state. */
  readonly emptyId = input.required<string>();
  readonly emptyText = input.required<string>();
  /** The paginator's accessible name. */
  readonly pagesLabel = input.required<string>();
  protected readonly pageSizes = PAGE_SIZES;
}

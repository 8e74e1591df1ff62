import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import type { ReportFilter } from './report-table';

/** A report table's toolbar: the filter, "n of m", Export CSV, then the table's own clean-up buttons. */
@Component({
  selector: 'app-report-tools',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="filter">
      <mat-icon matPrefix>filter_list</mat-icon>
      <mat-label>{{ label() }}</mat-label>
      <input matInput type="search" [value]="table().filter()" (input)="onInput($event)" autocomplete="off" />
    </mat-form-field>
    <span class="count">{{ table().shown() }} of {{ table().total() }}</span>
    <span class="spacer"></span>
    <button mat-stroked-button type="button" (click)="table().exportCsv()" [disabled]="table().shown() === 0">
      <mat-icon>download</mat-icon>
      Export CSV
    </button>
    <ng-content />
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 8px 12px;
    }
    .filter {
      width: min(360px, 100%);
    }
    .count {
      color: var(--mat-sys-on-surface-variant);
    }
    .spacer {
      flex: 1;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportTools {
  readonly table = input.required<ReportFilter>();
  /** The filter field's label: what it searches. */
  readonly label = input.required<string>();

  protected onInput(event: Event): void {
    this.table().setFilter((event.target as HTMLInputElement).value);
  }
}

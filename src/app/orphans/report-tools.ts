import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import type { ReportToolbar } from './report-table';

/** How a table names its clean-up: "Delete selected (3)", "Delete all (40)". */
export interface CleanupActions {
  readonly verb: string;
  readonly icon: string;
  readonly allIcon: string;
}

/**
 * A report table's toolbar: the filter, "n of m", Export CSV and, when clean-up is offered, the
 * buttons that hand the selected rows, or all the cleanable ones, to it.
 */
@Component({
  selector: 'app-report-tools',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic" class="filter">
      <mat-icon matPrefix>filter_list</mat-icon>
      <mat-label>{{ label() }}</mat-label>
      <input matInput type="search" [value]="report().filter()" (input)="onInput($event)" autocomplete="off" />
    </mat-form-field>
    <span class="count">{{ report().shown() }} of {{ report().total() }}</span>
    <span class="spacer"></span>
    <button mat-stroked-button type="button" (click)="report().exportCsv()" [disabled]="report().shown() === 0">
      <mat-icon>download</mat-icon>
      Export CSV
    </button>
    @if (actions(); as a) {
      @if (everything(); as all) {
        <button mat-flat-button type="button" data-testid="cleanup-everything" (click)="cleanupEverything.emit()">
          <mat-icon>{{ a.icon }}</mat-icon>
          {{ a.verb }} {{ all }}
        </button>
      } @else {
        <button
          mat-flat-button
          type="button"
          (click)="cleanup.emit(report().selectedRows())"
          [disabled]="report().selected() === 0"
        >
          <mat-icon>{{ a.icon }}</mat-icon>
          {{ a.verb }} selected ({{ report().selected() }})
        </button>
      }
      <button
        mat-stroked-button
        type="button"
        (click)="cleanup.emit(report().cleanable())"
        [disabled]="report().cleanable().length === 0"
      >
        <mat-icon>{{ a.allIcon }}</mat-icon>
        {{ a.verb }} all ({{ report().cleanable().length }})
      </button>
    }
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
export class ReportTools<T> {
  readonly report = input.required<ReportToolbar<T>>();
  /** The filter field's label: what it searches. */
  readonly label = input.required<string>();
  /** The clean-up buttons, or null where the user may not clean up. */
  readonly actions = input<CleanupActions | null>(null);
  readonly cleanup = output<readonly T[]>();
  /**
   * Set when the selection is the whole report, not only its loaded rows ("all 40,000 in the
   * report"): the selected-rows button then says so and asks for that instead.
   */
  readonly everything = input<string | null>(null);
  readonly cleanupEverything = output<void>();

  protected onInput(event: Event): void {
    this.report().setFilter((event.target as HTMLInputElement).value);
  }
}

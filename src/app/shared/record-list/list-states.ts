import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, TemplateRef, contentChild, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { RecordListView, RecordNouns } from './record-list-state';

/**
 * The body of a list page by the list's state: loading, could not load (with Try again), no
 * records yet, nothing matches the search, or the page's own table (an `<ng-template>` child,
 * built only when there are rows) with the paginator under it. A progress bar shows while the
 * list is still loading.
 */
@Component({
  selector: 'app-list-states',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    NgTemplateOutlet,
  ],
  templateUrl: './list-states.html',
  styleUrl: './list-states.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListStates {
  readonly list = input.required<RecordListView>();
  readonly nouns = input.required<RecordNouns>();
  /** The icon of the “No songs yet.” state. */
  readonly emptyIcon = input.required<string>();
  readonly create = output();
  protected readonly rows = contentChild.required(TemplateRef);
  protected readonly pageSizes = [10, 25, 50, 100];
}

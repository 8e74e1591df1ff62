import { ChangeDetectionStrategy, Component, booleanAttribute, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { RecordListView, RecordNouns } from './record-list-state';

/** A list page's heading row: the title, how many records match, and New or a read-only chip. */
@Component({
  selector: 'app-list-header',
  imports: [MatButtonModule, MatIconModule, MatTooltipModule],
  templateUrl: './list-header.html',
  styleUrl: './list-header.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListHeader {
  readonly heading = input.required<string>();
  readonly list = input.required<RecordListView>();
  readonly nouns = input.required<RecordNouns>();
  /** What a user who may not edit can still do, on the read-only chip. */
  readonly readOnlyHint = input.required<string>();
  /** Adds “so far…” to the count while the list is still loading. */
  readonly soFar = input(false, { transform: booleanAttribute });
  readonly create = output();
}

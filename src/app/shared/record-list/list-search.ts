import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import type { RecordListView } from './record-list-state';

/** The search field over a list, with a button that clears it. */
@Component({
  selector: 'app-list-search',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule],
  templateUrl: './list-search.html',
  styleUrl: './list-search.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListSearch {
  /** What is searched, e.g. “Search titles and file names”. */
  readonly label = input.required<string>();
  readonly list = input.required<RecordListView>();

  protected onInput(event: Event): void {
    this.list().setSearch((event.target as HTMLInputElement).value);
  }
}

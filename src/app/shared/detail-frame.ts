import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';

export type DetailStatus = 'loading' | 'error' | 'ready';

/**
 * What every record's page has around the record: the link back to its list, and the states
 * before there is a record to show (loading, could not be loaded, does not exist). The record
 * itself is the projected content, shown once it is ready and found. Without a record, what the
 * page says is its heading.
 */
@Component({
  selector: 'app-detail-frame',
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule, RouterLink],
  template: `
    <a mat-button [routerLink]="list()" class="back">
      <mat-icon>arrow_back</mat-icon>
      All {{ plural() }}
    </a>

    @switch (status()) {
      @case ('loading') {
        <div class="state" role="status">
          <mat-spinner diameter="40" [attr.aria-label]="'Loading the ' + noun()" />
          <p>Loading the {{ noun() }}…</p>
        </div>
      }
      @case ('error') {
        <div class="state error" role="alert">
          <mat-icon aria-hidden="true">cloud_off</mat-icon>
          <h1>The {{ noun() }} could not be loaded. {{ error() }}</h1>
          <button mat-stroked-button type="button" (click)="retry.emit()">
            <mat-icon>refresh</mat-icon>
            Try again
          </button>
        </div>
      }
      @default {
        @if (found()) {
          <ng-content />
        } @else {
          <div class="state" role="alert" data-testid="not-found">
            <mat-icon aria-hidden="true">search_off</mat-icon>
            <h1>{{ notFoundText() }}</h1>
            <a mat-stroked-button [routerLink]="list()">Back to all {{ plural() }}</a>
          </div>
        }
      }
    }
  `,
  styleUrl: './detail-frame.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DetailFrame {
  /** The list the record belongs to, e.g. `/albums`. */
  readonly list = input.required<string>();
  /** What the record is called, e.g. `album`, and the list, e.g. `albums`. */
  readonly noun = input.required<string>();
  readonly plural = input.required<string>();
  readonly status = input.required<DetailStatus>();
  /** Whether the record exists (read only when ready). */
  readonly found = input(true);
  /** Why it could not be loaded. */
  readonly error = input('');
  /** What to say when it does not exist, if not the default. */
  readonly notFound = input('');
  readonly retry = output();

  protected readonly notFoundText = computed(
    () => this.notFound() || `This ${this.noun()} does not exist (any more). Someone may have deleted it.`,
  );
}

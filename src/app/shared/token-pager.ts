import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { TokenPages } from './token-pages';

/** Previous / Page n / Next under a server-paged table; `turned` after each move, for the page to load. */
@Component({
  selector: 'app-token-pager',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <nav class="pager" [attr.aria-label]="label()">
      <button mat-button type="button" (click)="previous()" [disabled]="pages().pageNumber() < 2 || busy()">
        <mat-icon>chevron_left</mat-icon>
        Previous
      </button>
      <span data-testid="page-number">Page {{ pages().pageNumber() }}</span>
      <button mat-button type="button" (click)="next()" [disabled]="!pages().nextToken() || busy()">
        Next
        <mat-icon iconPositionEnd>chevron_right</mat-icon>
      </button>
    </nav>
  `,
  styles: `
    .pager {
      display: flex;
      align-items: center;
      justify-content: flex-end;
      gap: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TokenPager {
  /** The pager's accessible name ("Pages of users"). */
  readonly label = input.required<string>();
  readonly pages = input.required<TokenPages>();
  /** While a page loads, neither button moves. */
  readonly busy = input(false);
  readonly turned = output<void>();

  protected previous(): void {
    if (this.pages().previous()) this.turned.emit();
  }

  protected next(): void {
    if (this.pages().next()) this.turned.emit();
  }
}

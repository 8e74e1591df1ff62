import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

/** Where the role guard sends a user who opened a page their role may not use. */
@Component({
  selector: 'app-not-allowed-page',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <section class="not-allowed">
      <mat-icon aria-hidden="true">lock</mat-icon>
      <h1>Not allowed</h1>
      <p>Your role does not let you open this page. Ask an admin if you need it.</p>
      <a mat-flat-button routerLink="/overview">Back to the overview</a>
    </section>
  `,
  styles: `
    .not-allowed {
      display: grid;
      justify-items: center;
      gap: 8px;
      padding: 48px 16px;
      text-align: center;
    }
    mat-icon {
      font-size: 48px;
      width: 48px;
      height: 48px;
      color: var(--mat-sys-error);
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotAllowedPage {}

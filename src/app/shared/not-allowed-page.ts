import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

/** Where the role guard sends a user who opened a page their role may not use. */
@Component({
  selector: 'app-not-allowed-page',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <section class="notice">
      <mat-icon class="refused" aria-hidden="true">lock</mat-icon>
      <h1>Not allowed</h1>
      <p>Your role does not let you open this page. Ask an admin if you need it.</p>
      <a mat-flat-button routerLink="/overview">Back to the overview</a>
    </section>
  `,
  styleUrl: './notice-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotAllowedPage {}

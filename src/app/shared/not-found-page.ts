import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { map } from 'rxjs';

/** What an address no page answers shows: the address, and the way home. */
@Component({
  selector: 'app-not-found-page',
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <section class="notice">
      <mat-icon aria-hidden="true">search_off</mat-icon>
      <h1>Page not found</h1>
      <p>
        There is no page at <code data-testid="unknown-address">{{ address() }}</code
        >. Check the address, or start again from the overview.
      </p>
      <a mat-flat-button routerLink="/overview">Go to the overview</a>
    </section>
  `,
  styleUrl: './notice-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {
  private readonly route = inject(ActivatedRoute);

  /** The path as typed; the `**` route that shows this page matches all of it. */
  protected readonly address = toSignal(this.route.url.pipe(map((segments) => `/${segments.join('/')}`)), {
    initialValue: '',
  });
}

import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Reachability } from './reachability';
import { retryAnnouncement, retryCountdown } from './retry-countdown';

/** A strip above the page while a signed-in console has lost its backend; the page stays. */
@Component({
  selector: 'app-unreachable-banner',
  imports: [MatButtonModule, MatIconModule],
  template: `
    @if (reachability.unreachable()) {
      <!-- Only the message is an alert: a ticking countdown inside it would be read out every second. -->
      <div class="banner">
        <mat-icon aria-hidden="true">cloud_off</mat-icon>
        <span class="text">
          <span role="alert"
            >The backend at <code>{{ reachability.url() }}</code> cannot be reached.</span
          >
          {{ countdown() }}
        </span>
        <span class="cdk-visually-hidden" role="status">{{ announcement() }}</span>
        <button mat-button type="button" (click)="retry()">Retry now</button>
      </div>
    }
  `,
  styles: `
    .banner {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 8px 12px;
      padding: 8px 16px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font: var(--mat-sys-body-medium);
    }
    .text {
      flex: 1 1 200px;
    }
    code {
      overflow-wrap: anywhere;
    }
    button {
      --mat-button-text-label-text-color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnreachableBanner {
  protected readonly reachability = inject(Reachability);
  protected readonly countdown = retryCountdown(this.reachability);
  protected readonly announcement = retryAnnouncement(this.reachability);

  protected retry(): void {
    void this.reachability.retryNow();
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { Session } from '../auth/session';
import { AppConfig } from '../config/app-config';
import { Reachability } from './reachability';
import { retryAnnouncement, retryCountdown } from './retry-countdown';

/**
 * Shown instead of the console while the backend does not answer and the session cannot be
 * known. Retries on its own; the tokens are kept, so a signed-in user comes back signed in.
 */
@Component({
  selector: 'app-unreachable-page',
  imports: [MatButtonModule, MatCardModule, MatIconModule],
  template: `
    <main class="unreachable">
      <mat-card appearance="outlined">
        <mat-card-header>
          <mat-icon mat-card-avatar aria-hidden="true">cloud_off</mat-icon>
          <mat-card-title role="heading" aria-level="1">The backend cannot be reached</mat-card-title>
        </mat-card-header>
        <mat-card-content>
          <p data-testid="unreachable-message">
            The backend at <code>{{ reachability.url() }}</code> cannot be reached.
          </p>
          <p>{{ hint() }}</p>
          <!-- The countdown is not a live region (it would be read out every second); the status is. -->
          <p class="countdown">{{ countdown() }}</p>
          <p class="cdk-visually-hidden" role="status">{{ announcement() }}</p>
        </mat-card-content>
        <mat-card-actions align="end">
          <button mat-flat-button type="button" [disabled]="busy()" (click)="retry()">
            <mat-icon aria-hidden="true">refresh</mat-icon>
            Retry now
          </button>
        </mat-card-actions>
      </mat-card>
    </main>
  `,
  styles: `
    .unreachable {
      min-height: 100vh;
      display: grid;
      place-items: center;
      padding: 16px;
      box-sizing: border-box;
    }
    mat-card {
      max-width: 560px;
      width: 100%;
    }
    mat-icon[mat-card-avatar] {
      font-size: 40px;
      width: 40px;
      height: 40px;
      color: var(--mat-sys-error);
    }
    code {
      overflow-wrap: anywhere;
    }
    .countdown {
      color: var(--mat-sys-on-surface-variant);
      min-height: 1.5em;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnreachablePage {
  protected readonly reachability = inject(Reachability);
  private readonly session = inject(Session);
  private readonly config = inject(AppConfig);
  protected readonly countdown = retryCountdown(this.reachability);
  protected readonly announcement = retryAnnouncement(this.reachability);
  protected readonly busy = signal(false);
  protected readonly hint = computed(() => {
    const state = this.config.state();
    return state.status === 'ready' && state.local
      ? 'Is the local backend running? npm start starts it. The console reconnects on its own, and whoever was signed in stays signed in.'
      : 'Check your network connection. The console reconnects on its own, and whoever was signed in stays signed in.';
  });

  protected async retry(): Promise<void> {
    this.busy.set(true);
    try {
      await this.session.retry();
    } finally {
      this.busy.set(false);
    }
  }
}

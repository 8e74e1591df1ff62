import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { AttachmentError } from '../../attachments/attachment-error';

const HEADINGS: Record<AttachmentError['kind'], string> = {
  forbidden: 'Not allowed',
  conflict: 'Changed by someone else',
  'not-found': 'No longer there',
  'invalid-file': 'This file cannot be used',
  'invalid-input': 'Check what you typed',
  unavailable: 'The backend cannot be reached',
  canceled: 'Canceled',
  unknown: 'Something went wrong',
};

/** The error a dialog's action ended with, in the dialog, plus "Reload" when it was a conflict. */
@Component({
  selector: 'app-action-error',
  imports: [MatButtonModule, MatIconModule],
  template: `
    @if (error(); as e) {
      <div class="error" role="alert" data-testid="action-error">
        <mat-icon aria-hidden="true">{{ e.kind === 'conflict' ? 'sync_problem' : 'error' }}</mat-icon>
        <div>
          <strong>{{ heading() }}</strong>
          <p>{{ e.message }}</p>
          @if (e.kind === 'conflict') {
            <button mat-stroked-button type="button" (click)="reload.emit()">
              <mat-icon>refresh</mat-icon>
              Reload song
            </button>
          } @else if (e.kind === 'forbidden' || e.kind === 'not-found') {
            <p>Nothing was changed.</p>
          }
        </div>
      </div>
    }
  `,
  styles: `
    .error {
      display: flex;
      gap: 12px;
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    mat-icon {
      flex: none;
    }
    p {
      margin: 4px 0 8px;
    }
    p:last-child {
      margin-bottom: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActionError {
  readonly error = input<AttachmentError | null>(null);
  readonly reload = output();
  protected readonly heading = computed(() => {
    const e = this.error();
    return e ? HEADINGS[e.kind] : '';
  });
}

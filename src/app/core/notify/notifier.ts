import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AttachmentError } from '../../attachments/attachment-error';
import { Reachability } from '../backend/reachability';

const SUCCESS_MS = 4000;
const ERROR_MS = 8000;

/**
 * The console's one voice for finished actions and failures (a snackbar at the bottom), shared by
 * every screen. An error that says the backend is unavailable also asks Reachability to check, so
 * the shell shows the unreachable banner and retries.
 */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);
  private readonly reachability = inject(Reachability);

  success(message: string): void {
    this.snackBar.open(message, 'OK', { duration: SUCCESS_MS, politeness: 'polite' });
  }

  error(error: unknown): void {
    if (error instanceof AttachmentError && error.kind === 'canceled') {
      this.snackBar.open(error.message, 'OK', { duration: SUCCESS_MS, politeness: 'polite' });
      return;
    }
    if (error instanceof AttachmentError && error.kind === 'unavailable') this.reachability.report();
    this.snackBar.open(messageOf(error), 'Dismiss', {
      duration: ERROR_MS,
      politeness: 'assertive',
      panelClass: 'app-snackbar-error',
    });
  }
}

/** What to tell the operator about an error of any shape. */
export function messageOf(error: unknown): string {
  if (error instanceof AttachmentError) return error.message;
  if (error instanceof Error && error.message) return `Something went wrong: ${error.message}`;
  if (typeof error === 'string' && error) return error;
  return 'Something went wrong.';
}

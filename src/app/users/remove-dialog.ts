import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { USER_API, type ManagedUser } from './user-api';

/** Remove a person, named in the question; closes with true once removed. */
@Component({
  selector: 'app-remove-user-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Remove {{ name }}?</h2>
    <mat-dialog-content>
      <p>
        <strong>{{ name }}</strong> can no longer sign in, and their account is deleted. This cannot be undone: to let
        them back, invite them again.
      </p>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close [disabled]="busy()">Cancel</button>
      <button mat-flat-button type="button" class="danger" (click)="remove()" [disabled]="busy()">Remove</button>
    </mat-dialog-actions>
  `,
  styles: `
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RemoveUserDialog {
  private readonly api = inject(USER_API);
  private readonly ref = inject<MatDialogRef<RemoveUserDialog, boolean>>(MatDialogRef);
  private readonly user = inject<ManagedUser>(MAT_DIALOG_DATA);
  protected readonly name = this.user.email ?? this.user.username;
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  protected async remove(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set('');
    try {
      await this.api.remove(this.user.username);
      this.ref.close(true);
    } catch (err) {
      this.error.set((err as Error).message);
    } finally {
      this.busy.set(false);
    }
  }
}

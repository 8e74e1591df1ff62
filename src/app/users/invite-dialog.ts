import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ROLES, ROLE_LABELS, type Role } from '../core/auth/roles';
import { USER_API, type ManagedUser } from './user-api';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Invite a person by email in one role; closes with the created user. */
@Component({
  selector: 'app-invite-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  template: `
    <h2 mat-dialog-title>Invite a person</h2>
    <form (ngSubmit)="invite()">
      <mat-dialog-content>
        <p class="lead">They get a temporary password by email and choose their own at first sign-in.</p>
        <mat-form-field appearance="outline">
          <mat-label>Email</mat-label>
          <input matInput type="email" name="email" [(ngModel)]="email" required autocomplete="off" />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Role</mat-label>
          <mat-select name="role" [(ngModel)]="role">
            @for (r of roles; track r) {
              <mat-option [value]="r">{{ labels[r] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close [disabled]="busy()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="busy()">Invite</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-dialog-content {
      display: flex;
      flex-direction: column;
      gap: 4px;
      min-width: min(360px, 80vw);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InviteDialog {
  private readonly api = inject(USER_API);
  private readonly ref = inject<MatDialogRef<InviteDialog, ManagedUser>>(MatDialogRef);
  protected readonly roles = ROLES;
  protected readonly labels = ROLE_LABELS;
  protected email = '';
  protected role: Role = 'VIEWERS';
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  protected async invite(): Promise<void> {
    if (this.busy()) return;
    const email = this.email.trim();
    if (!EMAIL.test(email)) {
      this.error.set(
        email ? `“${email}” is not an email address.` : 'Enter the email address of the person to invite.',
      );
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      this.ref.close(await this.api.invite(email, this.role));
    } catch (err) {
      this.error.set((err as Error).message);
    } finally {
      this.busy.set(false);
    }
  }
}

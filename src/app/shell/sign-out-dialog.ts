import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { WorkInProgress, describeWork } from '../jobs/work-in-progress';

/** `sign-out`: sign out now (what ran was stopped); undefined: stay signed in. */
export type SignOutChoice = 'sign-out' | undefined;

/**
 * Asked before signing out while bulk jobs or uploads run: names them with live counts, offers to
 * wait (stay signed in) or to stop them and sign out. When they finish meanwhile, it says so.
 */
@Component({
  selector: 'app-sign-out-dialog',
  imports: [MatButtonModule, MatDialogModule, MatProgressSpinnerModule],
  template: `
    <h2 mat-dialog-title>{{ busy() || stopping() ? 'Sign out while work runs?' : 'Sign out?' }}</h2>
    <mat-dialog-content>
      <p role="status" data-testid="running-work">
        @if (busy() || stopping()) {
          @if (running()) {
            Still running: {{ running() }}.
          }
        } @else {
          Everything has finished.
        }
      </p>
      @if (stopping()) {
        <p class="stopping">
          <mat-spinner diameter="20" aria-hidden="true" />
          Stopping: requests already sent are finishing…
        </p>
      } @else if (busy()) {
        <p>
          Signing out now cancels them: items not started yet are skipped and uploads stop. Requests already sent still
          finish.
        </p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      @if (busy() || stopping()) {
        <button mat-button type="button" [disabled]="stopping()" (click)="wait()">Wait</button>
        <button mat-flat-button type="button" class="danger" [disabled]="stopping()" (click)="signOutAnyway()">
          Sign out anyway
        </button>
      } @else {
        <button mat-button type="button" (click)="wait()">Stay signed in</button>
        <button mat-flat-button type="button" (click)="done()">Sign out</button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    mat-dialog-content p {
      margin: 0 0 12px;
    }
    .stopping {
      display: flex;
      align-items: center;
      gap: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignOutDialog {
  private readonly work = inject(WorkInProgress);
  private readonly ref = inject<MatDialogRef<SignOutDialog, SignOutChoice>>(MatDialogRef);

  protected readonly busy = this.work.busy;
  private readonly now = toSignal(this.work.now$, { initialValue: this.work.snapshot() });
  protected readonly running = computed(() => describeWork(this.now()));
  protected readonly stopping = signal(false);

  protected wait(): void {
    this.ref.close();
  }

  protected done(): void {
    this.ref.close('sign-out');
  }

  protected async signOutAnyway(): Promise<void> {
    this.stopping.set(true);
    this.ref.disableClose = true;
    await this.work.stopAll();
    this.ref.close('sign-out');
  }
}

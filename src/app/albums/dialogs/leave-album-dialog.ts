import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { countLabel } from '../album-format';
import type { AlbumUploads } from '../album-uploads';

export interface LeaveAlbumData {
  readonly uploads: AlbumUploads;
  readonly albumName: string;
}

/** `leave`: go (the batch was canceled, or had finished); undefined: stay on the album. */
export type LeaveAlbumChoice = 'leave' | undefined;

/**
 * Asked before leaving an album page while its add batch runs: names what would be lost, offers to
 * stay or to cancel the batch and leave. When the batch ends meanwhile, it says so.
 */
@Component({
  selector: 'app-leave-album-dialog',
  imports: [MatButtonModule, MatDialogModule, MatProgressSpinnerModule],
  template: `
    <h2 mat-dialog-title>{{ running() ? 'Leave while images upload?' : 'Leave this album?' }}</h2>
    <mat-dialog-content>
      <p role="status" data-testid="leave-status">
        @if (!running()) {
          The upload to {{ quoted }} has finished: nothing is lost by leaving.
        } @else if (finishing()) {
          Saving the uploaded images to {{ quoted }}…
        } @else if (writing()) {
          {{ label() }} {{ one() ? 'has' : 'have' }} uploaded and {{ one() ? 'is' : 'are' }} being saved to
          {{ quoted }}.
        } @else {
          {{ label() }} {{ one() ? 'is' : 'are' }} still uploading to {{ quoted }}. Leave and cancel
          {{ one() ? 'it' : 'them' }}?
        }
      </p>
      @if (finishing()) {
        <p class="finishing">
          <mat-spinner diameter="20" aria-hidden="true" />
          A write already sent cannot be taken back: leaving once it is done.
        </p>
      } @else if (running() && !writing()) {
        <p>Leaving cancels the uploads: none of them is added and what has uploaded is deleted again.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" cdkFocusInitial [disabled]="finishing()" (click)="stay()">Stay</button>
      @if (running()) {
        <button mat-flat-button type="button" class="danger" [disabled]="finishing()" (click)="leave()">
          Leave and cancel
        </button>
      } @else {
        <button mat-flat-button type="button" (click)="go()">Leave</button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    mat-dialog-content p {
      margin: 0 0 12px;
      overflow-wrap: anywhere;
    }
    .finishing {
      display: flex;
      align-items: center;
      gap: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LeaveAlbumDialog {
  private readonly data = inject<LeaveAlbumData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<LeaveAlbumDialog, LeaveAlbumChoice>>(MatDialogRef);
  private readonly uploads = this.data.uploads;

  protected readonly quoted = `“${this.data.albumName}”`;
  protected readonly running = computed(() => !!this.uploads.batch()?.running);
  protected readonly writing = this.uploads.writing;
  protected readonly label = computed(() => countLabel(this.uploads.pending().length));
  protected readonly one = computed(() => this.uploads.pending().length === 1);
  /** Leave was chosen while the batch's write was under way: waiting for it to end. */
  protected readonly finishing = signal(false);

  constructor() {
    effect(() => {
      if (this.finishing() && !this.running()) this.go();
    });
  }

  protected stay(): void {
    this.ref.close();
  }

  protected go(): void {
    this.ref.close('leave');
  }

  protected leave(): void {
    if (this.uploads.cancelBatch()) {
      this.go();
      return;
    }
    this.ref.disableClose = true;
    this.finishing.set(true);
  }
}

import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatRadioModule } from '@angular/material/radio';
import type { Observable } from 'rxjs';
import type { AlbumDisposal, PhotoAlbum } from '../album';
import { countLabel } from '../album-format';
import { DialogRun } from './dialog-run';

export interface DeleteAlbumDialogData {
  readonly album: PhotoAlbum;
  /** Human-readable total size of the files, when known. */
  readonly size?: string;
  readonly remove: (disposal: AlbumDisposal) => Observable<void>;
}

/** Delete an album, saying what is lost; its files go too unless the operator keeps them. */
@Component({
  selector: 'app-delete-album-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, MatRadioModule],
  template: `
    <h2 mat-dialog-title>Delete “{{ data.album.name }}”?</h2>
    <mat-dialog-content>
      <p>This cannot be undone. The album record and its order of images are lost.</p>
      @if (count > 0) {
        <mat-radio-group
          class="choices"
          aria-label="What happens to the files"
          [ngModel]="disposal()"
          (ngModelChange)="disposal.set($event)"
          [disabled]="run.busy()"
        >
          <mat-radio-button value="delete-files">
            Also delete its {{ countLabel(count) }}{{ data.size ? ' (' + data.size + ')' : '' }} from storage
          </mat-radio-button>
          <mat-radio-button value="keep-files">
            Keep the files in storage (nothing will point at them; the orphan report lists them)
          </mat-radio-button>
        </mat-radio-group>
      } @else {
        <p>It has no images, so no file is deleted.</p>
      }
      @if (run.error(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close [disabled]="run.busy()">Keep the album</button>
      <button mat-flat-button type="button" class="danger" [disabled]="run.busy()" (click)="confirm()">
        {{ run.busy() ? 'Deleting…' : 'Delete album' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .choices {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .error {
      margin: 0;
      color: var(--mat-sys-error);
    }
    .danger:not([disabled]) {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeleteAlbumDialog {
  protected readonly data = inject<DeleteAlbumDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<DeleteAlbumDialog, AlbumDisposal>>(MatDialogRef);
  protected readonly run = new DialogRun();
  protected readonly count = this.data.album.imagePaths.length;
  protected readonly disposal = signal<AlbumDisposal>('delete-files');
  protected readonly countLabel = countLabel;

  protected confirm(): void {
    const disposal = this.disposal();
    this.run.run(this.data.remove(disposal), () => this.ref.close(disposal));
  }
}

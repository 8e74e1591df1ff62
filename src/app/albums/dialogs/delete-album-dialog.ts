import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatRadioModule } from '@angular/material/radio';
import { catchError, defer, mergeMap, of, throwError, type Observable } from 'rxjs';
import { toAttachmentError } from '../../attachments/error-mapping';
import type { AlbumDisposal, PhotoAlbum } from '../album';
import { countLabel } from '../album-format';
import { DialogRun } from './dialog-run';

export interface DeleteAlbumDialogData {
  readonly album: PhotoAlbum;
  /** Human-readable total size of the files, when known. */
  readonly size?: string;
  readonly remove: (album: PhotoAlbum, disposal: AlbumDisposal) => Observable<void>;
  /** The album as it is now; null once someone else has deleted it. */
  readonly current: (id: string) => Observable<PhotoAlbum | null>;
}

/**
 * Delete an album, saying what is lost; its files go too unless the operator keeps them. After a
 * conflict it shows the album as it is now, so a second Delete acts on what the operator sees.
 */
@Component({
  selector: 'app-delete-album-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, MatRadioModule],
  template: `
    <h2 mat-dialog-title>Delete “{{ album().name }}”?</h2>
    <mat-dialog-content>
      @if (gone()) {
        <!-- The error below says who deleted it; nothing is left to choose. -->
      } @else if (count() > 0) {
        <p>This cannot be undone. The album record and its order of images are lost.</p>
        <mat-radio-group
          class="choices"
          aria-label="What happens to the files"
          [ngModel]="disposal()"
          (ngModelChange)="disposal.set($event)"
          [disabled]="run.busy()"
        >
          <mat-radio-button value="delete-files">
            Also delete its {{ countLabel(count()) }}{{ size() ? ' (' + size() + ')' : '' }} from storage
          </mat-radio-button>
          <mat-radio-button value="keep-files">
            Keep the files in storage (nothing will point at them; the orphan report lists them)
          </mat-radio-button>
        </mat-radio-group>
      } @else {
        <p>This cannot be undone. The album record and its order of images are lost.</p>
        <p>It has no images, so no file is deleted.</p>
      }
      @if (run.error(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close [disabled]="run.busy()">
        {{ gone() ? 'Close' : 'Keep the album' }}
      </button>
      <button mat-flat-button type="button" class="danger" [disabled]="run.busy() || gone()" (click)="confirm()">
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
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeleteAlbumDialog {
  protected readonly data = inject<DeleteAlbumDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<DeleteAlbumDialog, AlbumDisposal>>(MatDialogRef);
  protected readonly run = new DialogRun();
  protected readonly album = signal(this.data.album);
  protected readonly gone = signal(false);
  protected readonly count = computed(() => this.album().imagePaths.length);
  /** The size the page knew applies to the album as it was opened only. */
  protected readonly size = computed(() => (this.album() === this.data.album ? this.data.size : undefined));
  protected readonly disposal = signal<AlbumDisposal>('delete-files');
  protected readonly countLabel = countLabel;

  protected confirm(): void {
    const disposal = this.disposal();
    const work = defer(() => this.data.remove(this.album(), disposal)).pipe(
      catchError((err: unknown) => this.showCurrent(err)),
    );
    this.run.run(work, () => this.ref.close(disposal));
  }

  /** On a conflict, reads the album again and shows it; the error still goes to the dialog. */
  private showCurrent(err: unknown): Observable<never> {
    const kind = toAttachmentError(err).kind;
    if (kind !== 'conflict' && kind !== 'not-found') return throwError(() => err);
    return this.data.current(this.album().id).pipe(
      catchError(() => of(undefined)),
      mergeMap((now) => {
        if (now) this.album.set(now);
        else if (now === null) this.gone.set(true);
        return throwError(() => err);
      }),
    );
  }
}

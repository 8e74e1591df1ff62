import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { PhotoAlbum } from '../album';
import type { AlbumBulkAction } from '../album-bulk';

export interface AlbumBulkDialogData {
  readonly kind: AlbumBulkAction['kind'];
  readonly albums: readonly PhotoAlbum[];
  /** Every album matching this search on the server, not only `albums` (the loaded). */
  readonly allMatching?: { readonly search: string };
}

const NAMED = 5;

/** Confirms a bulk delete or detach of albums: the count, the first names, the image files lost. */
@Component({
  selector: 'app-album-bulk-dialog',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>
      {{ data.kind === 'delete' ? 'Delete' : 'Detach all images of' }} {{ every || count + ' ' + word }}?
    </h2>
    <mat-dialog-content>
      <p class="lead">This cannot be undone. You will lose:</p>
      <ul class="lost" data-testid="bulk-losses">
        <li>
          @if (data.kind === 'detach') {
            the images of
          }
          @if (every) {
            <strong>{{ every }}</strong> on the server, not only the {{ count }} loaded ({{ named }})
          } @else {
            <strong>{{ count }} {{ word }}</strong
            >: {{ named }}
          }
        </li>
        @if (every && deleteFiles()) {
          <li><strong>their image files</strong>, deleted from storage</li>
        } @else if (files && deleteFiles()) {
          <li>
            <strong>{{ files }} {{ files === 1 ? 'image file' : 'image files' }}</strong
            >, deleted from storage
          </li>
        }
      </ul>
      @if (files || every) {
        <mat-checkbox [ngModel]="deleteFiles()" (ngModelChange)="deleteFiles.set($event)">
          Also delete the image files from storage
        </mat-checkbox>
        @if (!deleteFiles()) {
          <p class="notice">The files stay in storage, referenced by nothing (the orphan report lists them).</p>
        }
      }
      @if (every) {
        <p class="notice" data-testid="bulk-no-undo">
          The albums are read from the server page by page as the job goes, so it offers no Undo: Recently deleted can
          restore what it deleted.
        </p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
      <button mat-flat-button type="button" class="danger" (click)="confirm()">
        {{ data.kind === 'delete' ? 'Delete' : 'Detach from' }} {{ every || count + ' ' + word }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    mat-dialog-content {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .lead,
    .lost {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .notice {
      margin: 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumBulkDialog {
  private readonly ref = inject<MatDialogRef<AlbumBulkDialog, AlbumBulkAction>>(MatDialogRef);
  protected readonly data = inject<AlbumBulkDialogData>(MAT_DIALOG_DATA);
  protected readonly deleteFiles = signal(true);
  protected readonly count = this.data.albums.length;
  protected readonly word = this.count === 1 ? 'album' : 'albums';
  /** "every album matching “trip”", "every album": what an action on more than the loaded covers. */
  protected readonly every = this.data.allMatching
    ? this.data.allMatching.search.trim()
      ? `every album matching “${this.data.allMatching.search.trim()}”`
      : 'every album'
    : '';
  protected readonly files = this.data.albums.reduce((n, a) => n + a.imagePaths.length, 0);
  protected readonly named =
    this.data.albums
      .slice(0, NAMED)
      .map((a) => a.name)
      .join(', ') + (this.count > NAMED ? ` and ${this.count - NAMED} more` : '');

  protected confirm(): void {
    this.ref.close({ kind: this.data.kind, disposal: this.deleteFiles() ? 'delete-files' : 'keep-files' });
  }
}

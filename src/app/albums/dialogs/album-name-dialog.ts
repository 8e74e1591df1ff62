import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Observable } from 'rxjs';
import { AttachmentError } from '../../attachments/attachment-error';
import type { PhotoAlbum } from '../album';
import { MAX_NAME_LENGTH, checkAlbumName } from '../album-limits';
import { DialogRun } from './dialog-run';

export interface AlbumNameDialogData {
  readonly title: string;
  readonly action: string;
  readonly name: string;
  readonly save: (name: string) => Observable<PhotoAlbum>;
}

/** Create or rename an album: the name, checked as it is typed, saved from the dialog. */
@Component({
  selector: 'app-album-name-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <form (ngSubmit)="save()">
      <h2 mat-dialog-title>{{ data.title }}</h2>
      <mat-dialog-content>
        <mat-form-field appearance="outline" class="name">
          <mat-label>Album name</mat-label>
          <input
            matInput
            name="name"
            [ngModel]="name()"
            (ngModelChange)="name.set($event); touched.set(true)"
            [disabled]="run.busy()"
            cdkFocusInitial
            autocomplete="off"
          />
          <mat-hint align="end">{{ [...name()].length }} / {{ max }}</mat-hint>
        </mat-form-field>
        @if (touched() && problem(); as p) {
          <p class="error" role="alert">{{ p }}</p>
        }
        @if (run.error(); as e) {
          <p class="error" role="alert">{{ e }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close [disabled]="run.busy()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="run.busy()">
          {{ run.busy() ? 'Saving…' : data.action }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .name {
      width: min(420px, 100%);
    }
    .error {
      margin: 0;
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumNameDialog {
  protected readonly data = inject<AlbumNameDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<AlbumNameDialog, PhotoAlbum>>(MatDialogRef);
  protected readonly run = new DialogRun();
  protected readonly name = signal(this.data.name);
  protected readonly touched = signal(false);
  protected readonly max = MAX_NAME_LENGTH;

  protected problem(): string {
    const checked = checkAlbumName(this.name());
    return checked instanceof AttachmentError ? checked.message : '';
  }

  protected save(): void {
    this.touched.set(true);
    if (this.problem() || this.run.busy()) return;
    this.run.run(this.data.save(this.name()), (album) => this.ref.close(album));
  }
}

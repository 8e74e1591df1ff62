import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

export interface RestoreDialogData {
  /** How many files. */
  readonly count: number;
  /** What the files are, in words: “images/s1/a.png”, “3 files job 7 deleted”. */
  readonly what: string;
}

/** Asks before restoring; closes with true when confirmed. */
@Component({
  selector: 'app-restore-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Restore {{ data.count === 1 ? 'this file' : data.count + ' files' }}?</h2>
    <mat-dialog-content>
      <p class="message">{{ data.what }}</p>
      <p class="message">
        Each file comes back as it was when it was deleted and is attached to its record again; a deleted record is
        recreated as it was. Nothing newer is overwritten: a file or record changed since is reported and left alone.
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">Cancel</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true">Restore</button>
    </mat-dialog-actions>
  `,
  styles: `
    .message {
      margin: 0 0 8px;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RestoreDialog {
  protected readonly data = inject<RestoreDialogData>(MAT_DIALOG_DATA);
}

import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

export interface Choice<V> {
  readonly label: string;
  readonly value: V;
  /** Destructive: shown in the error colour. */
  readonly danger?: boolean;
}

export interface ChoiceDialogData<V> {
  readonly title: string;
  readonly message: string;
  readonly choices: readonly Choice<V>[];
}

/**
 * A question with a few answers (delete the files too, or keep them) and Cancel; closes with the
 * chosen value, or undefined.
 */
@Component({
  selector: 'app-choice-dialog',
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="message">{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <!-- No value: a bare mat-dialog-close would close with "", which callers would take for a choice. -->
      <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
      @for (choice of data.choices; track choice.label) {
        <button mat-flat-button type="button" [class.danger]="choice.danger" [mat-dialog-close]="choice.value">
          {{ choice.label }}
        </button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .message {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChoiceDialog<V> {
  protected readonly data = inject<ChoiceDialogData<V>>(MAT_DIALOG_DATA);
}

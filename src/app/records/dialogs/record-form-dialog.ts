import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, type ValidatorFn } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { lastValueFrom } from 'rxjs';
import { messageOf } from '../../core/notify/notifier';
import { formValue, inputType, parseInput } from '../field-values';
import type { ModelRecords } from '../model-records';
import type { AnyRecord, ScalarField } from '../record-model';

export interface RecordFormData {
  readonly records: ModelRecords;
  /** The record to edit; none for a new one. */
  readonly record?: AnyRecord;
}

const checked =
  (field: ScalarField): ValidatorFn =>
  (control) => {
    const parsed = parseInput(field, control.value as string | boolean);
    return 'error' in parsed ? { field: parsed.error } : null;
  };

/**
 * A new record, or the edit of one, built from the model's scalar fields: text, numbers, yes/no,
 * a choice of the enum's values, dates and times; required fields and each type's form are
 * checked before anything is sent. An edit sends only the fields that changed. Closes with the
 * record as written.
 */
@Component({
  selector: 'app-record-form-dialog',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  templateUrl: './record-form-dialog.html',
  styleUrl: './record-form-dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordFormDialog {
  protected readonly data = inject<RecordFormData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<RecordFormDialog, AnyRecord>>(MatDialogRef);
  protected readonly model = this.data.records.model;
  protected readonly fields = this.model.editable;
  protected readonly noun = this.model.name;
  protected readonly form = new FormGroup(
    Object.fromEntries(
      this.fields.map((f) => [
        f.name,
        new FormControl<string | boolean>(formValue(f, this.data.record?.[f.name]), {
          nonNullable: true,
          validators: [checked(f)],
        }),
      ]),
    ),
  );
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly inputType = inputType;

  protected errorOf(field: ScalarField): string {
    return (this.form.controls[field.name]?.errors?.['field'] as string | undefined) ?? '';
  }

  protected async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const values: Record<string, unknown> = {};
    for (const field of this.fields) {
      const parsed = parseInput(field, this.form.controls[field.name]!.value);
      if ('error' in parsed) return;
      const before = this.data.record?.[field.name] ?? null;
      if (!this.data.record || JSON.stringify(parsed.value) !== JSON.stringify(before))
        values[field.name] = parsed.value;
    }
    const record = this.data.record;
    if (record && Object.keys(values).length === 0) {
      this.ref.close(record);
      return;
    }
    this.busy.set(true);
    this.error.set('');
    try {
      const written = await lastValueFrom(
        record ? this.data.records.update(record, values) : this.data.records.create(values),
      );
      this.ref.close(written);
    } catch (err) {
      this.error.set(messageOf(err));
      this.busy.set(false);
    }
  }
}

import { Injectable, inject } from '@angular/core';
import { MatDialog, type MatDialogConfig } from '@angular/material/dialog';
import { type Observable, map } from 'rxjs';
import { type Choice, ChoiceDialog, type ChoiceDialogData } from './dialogs/choice-dialog';
import { RecordFormDialog, type RecordFormData } from './dialogs/record-form-dialog';
import type { ModelRecords } from './model-records';
import type { RecordBulkAction } from './record-bulk';
import { type AnyRecord, displayName } from './record-model';
import { valuesOf } from './record-rows';

const SIZE: MatDialogConfig = { width: '560px', maxWidth: 'calc(100vw - 32px)', autoFocus: 'first-tabbable' };

/** Opens the record screens' dialogs; each emits what the operator chose once it closes. */
@Injectable({ providedIn: 'root' })
export class RecordActions {
  private readonly dialog = inject(MatDialog);

  /** The new record, or null. */
  create(records: ModelRecords): Observable<AnyRecord | null> {
    return this.form({ records });
  }

  /** The record as saved, or null. */
  edit(records: ModelRecords, record: AnyRecord): Observable<AnyRecord | null> {
    return this.form({ records, record });
  }

  /**
   * Whether to delete a record and, when it holds files, whether they go too: true (delete the
   * files), false (keep them), null (cancel).
   */
  confirmDelete(records: ModelRecords, record: AnyRecord, canDeleteFiles: boolean): Observable<boolean | null> {
    const name = `“${displayName(record, records.model.nameField)}”`;
    const files = records.model.fileFields
      .filter((f) => f.managed)
      .reduce((n, f) => n + valuesOf(record, f.discovered.field).length, 0);
    const choices: Choice<boolean>[] =
      files === 0
        ? [{ label: 'Delete', value: false, danger: true }]
        : [
            ...(canDeleteFiles ? [{ label: 'Delete with its files', value: true, danger: true }] : []),
            { label: 'Delete, keep the files', value: false, danger: !canDeleteFiles },
          ];
    const message =
      files === 0
        ? `${name} will be deleted. This cannot be undone.`
        : `${name} will be deleted. It holds ${files === 1 ? '1 file' : `${files} files`}: delete them too, or keep them (the orphan report will list them).`;
    return this.choose({ title: `Delete ${records.model.name.toLowerCase()}?`, message, choices });
  }

  /** Whether a detach deletes the file(s) too (true), keeps them (false), or is canceled (null). */
  confirmDetach(what: string, canDeleteFiles: boolean): Observable<boolean | null> {
    const choices: Choice<boolean>[] = [
      ...(canDeleteFiles ? [{ label: 'Detach and delete', value: true, danger: true }] : []),
      { label: 'Detach, keep the file', value: false },
    ];
    return this.choose({ title: `Detach ${what}?`, message: `The record will stop pointing at ${what}.`, choices });
  }

  /** Confirms a bulk action on `count` records, naming what will be lost; the action, or null. */
  confirmBulk(
    title: string,
    message: string,
    options: readonly Choice<RecordBulkAction>[],
  ): Observable<RecordBulkAction | null> {
    return this.choose({ title, message, choices: options });
  }

  private form(data: RecordFormData): Observable<AnyRecord | null> {
    return this.dialog
      .open<RecordFormDialog, RecordFormData, AnyRecord>(RecordFormDialog, { ...SIZE, data })
      .afterClosed()
      .pipe(map((r) => r ?? null));
  }

  private choose<V>(data: ChoiceDialogData<V>): Observable<V | null> {
    return this.dialog
      .open<ChoiceDialog<V>, ChoiceDialogData<V>, V>(ChoiceDialog, { ...SIZE, data })
      .afterClosed()
      .pipe(map((r) => (r === undefined ? null : r)));
  }
}

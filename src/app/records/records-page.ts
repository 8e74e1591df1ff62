import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSortModule } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { NEVER, map, switchMap } from 'rxjs';
import { FileStates } from '../attachments/file-states';
import { Notifier } from '../core/notify/notifier';
import { DiscoveryState } from '../discovery/discovery-state';
import { RECORD_LIST } from '../shared/record-list/record-list';
import { RecordListState, type RecordNouns } from '../shared/record-list/record-list-state';
import { displayValue } from './field-values';
import { FileCell } from './file-cell';
import { RecordActions } from './record-actions';
import { RecordBulk, type RecordBulkAction } from './record-bulk';
import type { FileFieldView, ScalarField } from './record-model';
import { RecordModels } from './record-models';
import { type RecordRow, orderRows, rowOf, valuesOf } from './record-rows';
import { type Choice } from './dialogs/choice-dialog';

/**
 * The live table of any discovered model: its scalar columns and one column a file field
 * (thumbnail or type icon, size, missing), search, sort, 25 a page, selection and bulk delete or
 * detach through the job runner. What the user may do comes from the model's own rules; a model
 * they cannot read says which rule is missing instead of showing an empty table.
 */
@Component({
  selector: 'app-records-page',
  imports: [
    RECORD_LIST,
    FileCell,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    MatSortModule,
    MatTableModule,
    RouterLink,
  ],
  providers: [FileStates],
  templateUrl: './records-page.html',
  styleUrl: './records-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordsPage {
  private readonly models = inject(RecordModels);
  private readonly discovery = inject(DiscoveryState);
  private readonly bulk = inject(RecordBulk);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  protected readonly actions = inject(RecordActions);
  protected readonly files = inject(FileStates);

  /** The route's `:model`. */
  readonly model = input.required<string>();

  protected readonly described = computed(() => this.models.model(this.model()));
  protected readonly records = computed(() => {
    const model = this.described();
    return model && this.models.records(model);
  });
  protected readonly permissions = computed(() => this.models.permissions(this.model()));
  protected readonly status = this.models.status;
  protected readonly failure = this.models.failure;
  protected readonly nouns = computed<RecordNouns>(() => {
    const m = this.described();
    return { one: (m?.name ?? 'record').toLowerCase(), many: (m?.plural ?? 'records').toLowerCase() };
  });
  protected readonly fileFields = computed(() => this.described()?.fileFields ?? []);
  protected readonly scalarColumns = computed(() => this.described()?.columns ?? []);
  protected readonly canCreate = computed(
    () => this.permissions().create !== 'none' && !this.described()?.writeBlocked,
  );
  protected readonly canDelete = computed(
    () => this.permissions().delete !== 'none' && !this.described()?.writeBlocked,
  );
  protected readonly canUpdate = computed(
    () => this.permissions().update !== 'none' && !this.described()?.writeBlocked,
  );
  /** Why the table shows less than every record, or nothing can be changed. */
  protected readonly notes = computed(() => {
    const p = this.permissions();
    return [p.readOnlyReason, p.read === 'own' ? p.missing : undefined, this.described()?.writeBlocked].filter(
      (n): n is string => !!n,
    );
  });

  private readonly wideColumns = computed(() => [
    ...this.scalarColumns().map((f) => `field-${f.name}`),
    ...this.fileFields().map((f) => `file-${f.discovered.field}`),
    'updatedAt',
  ]);
  private readonly narrowColumns = computed(() => [
    ...this.fileFields()
      .slice(0, 1)
      .map((f) => `file-${f.discovered.field}`),
    ...this.scalarColumns()
      .slice(0, 1)
      .map((f) => `field-${f.name}`),
  ]);
  private readonly records$ = toObservable(this.records);
  protected readonly list = new RecordListState<RecordRow, string>({
    load: (query) =>
      this.records$.pipe(
        switchMap((records) =>
          records
            ? records
                .pages(query)
                .pipe(map((list) => ({ ...list, items: list.items.map((r) => rowOf(records.model, r)) })))
            : NEVER,
        ),
      ),
    order: (rows, sort) => {
      const model = this.described();
      return model ? orderRows(model, rows, sort) : { rows, match: () => rows };
    },
    defaultSort: 'name',
    columns: liveColumns(
      () => this.wideColumns(),
      () => this.narrowColumns(),
    ),
    editable: () => this.canCreate() || this.canUpdate() || this.canDelete(),
    filesOf: (row) => this.storedPaths(row),
  });

  protected readonly selectedWithFiles = computed(() => {
    const rows = this.list.selection.rows();
    return this.fileFields()
      .filter((f) => f.managed)
      .map((f) => ({ view: f, count: rows.filter((r) => valuesOf(r.record, f.discovered.field).length).length }));
  });

  constructor() {
    // Only managed fields' values under a storage path are looked up; other text is never fetched.
    this.files.follow(this.list.visibleFiles);
  }

  protected readonly trackRow = (_: number, row: RecordRow): string => row.id;

  protected cell(field: ScalarField, row: RecordRow): string {
    return displayValue(field, row.record[field.name]);
  }

  /** The values of a file field that storage can be asked about. */
  private storedPaths(row: RecordRow): string[] {
    return this.fileFields()
      .filter((f) => f.managed)
      .flatMap((f) => valuesOf(row.record, f.discovered.field))
      .filter((p) => !!this.discovery.storageAccess(p));
  }

  protected create(): void {
    const records = this.records();
    if (!records || !this.canCreate()) return;
    this.actions.create(records).subscribe((record) => {
      if (!record) return;
      this.notifier.success(`${records.model.name} “${rowOf(records.model, record).name}” created.`);
      void this.router.navigate(['/records', records.model.name, record.id]);
    });
  }

  protected edit(row: RecordRow): void {
    const records = this.records();
    if (records) this.actions.edit(records, row.record).subscribe();
  }

  protected delete(row: RecordRow): void {
    const records = this.records();
    if (!records) return;
    const canDeleteFiles = this.fileFields().every((f) => !f.managed || this.models.fileAccess(f).delete);
    this.actions.confirmDelete(records, row.record, canDeleteFiles).subscribe((deleteFiles) => {
      if (deleteFiles === null) return;
      records.delete(row.record, deleteFiles).subscribe({
        next: (result) => this.notifier.success(records.deletedMessage(row.record, result)),
        error: (err: unknown) => this.notifier.error(err),
      });
    });
  }

  /** Confirms, then starts the bulk job (it runs at the app's root) and clears the selection. */
  protected startBulk(kind: RecordBulkAction['kind'], view?: FileFieldView): void {
    const records = this.records();
    if (!records) return;
    const selected = this.list.selection.rows();
    const rows = view ? selected.filter((r) => valuesOf(r.record, view.discovered.field).length) : selected;
    // Every record matching on the server: the job reads them page by page (the loaded are among them).
    const search = this.list.allOnServer() ? this.list.search().trim() : null;
    if ((rows.length === 0 && search === null) || (kind === 'delete' && !this.canDelete())) return;
    const field = view?.discovered.field;
    const canDeleteFiles = view
      ? this.models.fileAccess(view).delete
      : this.fileFields().every((f) => !f.managed || this.models.fileAccess(f).delete);
    const hasFiles = this.fileFields().some((f) => f.managed);
    const options: Choice<RecordBulkAction>[] = [];
    if (hasFiles && canDeleteFiles)
      options.push({ label: 'Delete the files too', value: { kind, field, deleteFiles: true }, danger: true });
    options.push({
      label: hasFiles ? 'Keep the files' : 'Delete',
      value: { kind, field, deleteFiles: false },
      danger: kind === 'delete',
    });
    const n = rows.length.toLocaleString('en');
    const which =
      search === null
        ? `${n} ${this.nouns().many}`
        : search
          ? `every ${this.nouns().one} matching “${search}”`
          : `all ${this.nouns().many}`;
    const title = kind === 'delete' ? `Delete ${which}?` : `Detach ${view?.label} of ${which}?`;
    const kept = hasFiles ? 'Files kept are no longer pointed at; the orphan report lists them.' : '';
    const message =
      search === null
        ? kept || 'This cannot be undone.'
        : `On the server, not only the ${n} loaded. They are read page by page as the job goes, so it offers no Undo: Recently deleted can restore what it deleted. ${kept}`.trim();
    this.actions.confirmBulk(title, message, options).subscribe((action) => {
      if (!action) return;
      this.bulk.start(records, action, search === null ? rows.map((r) => r.record) : { search });
      this.list.selection.clear();
    });
  }
}

/** Column lists read when the table asks, so they follow the model once discovery has found it. */
function liveColumns(wide: () => readonly string[], narrow: () => readonly string[]) {
  return {
    get wide() {
      return wide();
    },
    get narrow() {
      return narrow();
    },
  };
}

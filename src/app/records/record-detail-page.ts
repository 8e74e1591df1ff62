import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Router } from '@angular/router';
import { NEVER, combineLatest, startWith, switchMap } from 'rxjs';
import type { FileOwner } from '../attachments/file-states';
import { FileStates } from '../attachments/file-states';
import { DiscoveryState } from '../discovery/discovery-state';
import { Notifier } from '../core/notify/notifier';
import { DetailFrame, type DetailStatus } from '../shared/detail-frame';
import { displayValue } from './field-values';
import { FileFieldPanel } from './file-field-panel';
import { RecordActions } from './record-actions';
import { type LiveRecord, followRecord } from '../shared/record-live';
import { type AnyRecord, displayName } from './record-model';
import { RecordModels } from './record-models';
import { valuesOf } from './record-rows';

/**
 * One record of any model, live: every field, and a panel per file field (preview, download,
 * attach, replace, detach; add, remove, replace and reorder for lists). Edit and delete as the
 * model's rules allow.
 */
@Component({
  selector: 'app-record-detail-page',
  imports: [DetailFrame, FileFieldPanel, MatButtonModule, MatIconModule],
  providers: [FileStates],
  templateUrl: './record-detail-page.html',
  styleUrl: './record-detail-page.scss',
  // Files dropped beside a field's panel must not make the browser open them in place of the console.
  host: { '(dragover)': 'holdFiles($event)', '(drop)': 'holdFiles($event)' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecordDetailPage {
  private readonly models = inject(RecordModels);
  private readonly discovery = inject(DiscoveryState);
  private readonly actions = inject(RecordActions);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  private readonly files = inject(FileStates);

  /** The route's `:model` and `:id`. */
  readonly model = input.required<string>();
  readonly id = input.required<string>();

  protected readonly described = computed(() => this.models.model(this.model()));
  protected readonly records = computed(() => {
    const model = this.described();
    return model && this.models.records(model);
  });
  protected readonly permissions = computed(() => this.models.permissions(this.model()));
  protected readonly canUpdate = computed(
    () => this.permissions().update !== 'none' && !this.described()?.writeBlocked,
  );
  protected readonly canDelete = computed(
    () => this.permissions().delete !== 'none' && !this.described()?.writeBlocked,
  );

  private readonly loaded = toSignal(
    combineLatest([toObservable(this.records), toObservable(this.id)]).pipe(
      switchMap(([records, id]) =>
        records ? followRecord(records, id).pipe(startWith<LiveRecord<AnyRecord>>({ status: 'loading' })) : NEVER,
      ),
    ),
    { initialValue: { status: 'loading' } as LiveRecord<AnyRecord> },
  );
  protected readonly record = computed(() => {
    const l = this.loaded();
    return l.status === 'ready' ? l.record : null;
  });
  protected readonly frameStatus = computed<DetailStatus>(() => {
    if (this.models.status() === 'failed') return 'error';
    const l = this.loaded();
    return this.described() === undefined && this.models.status() === 'ready' ? 'ready' : l.status;
  });
  protected readonly errorMessage = computed(() => {
    const l = this.loaded();
    return l.status === 'error' ? l.message : this.models.failure();
  });
  protected readonly notFound = computed(() => {
    if (!this.described()) return `The backend has no model called “${this.model()}”.`;
    const l = this.loaded();
    return l.status === 'ready' && l.gone
      ? `This ${this.model()} was deleted (by someone else, as far as this page knows).`
      : '';
  });
  protected readonly title = computed(() => {
    const record = this.record();
    const model = this.described();
    return record && model ? displayName(record, model.nameField) : '';
  });
  protected readonly fields = computed(() => {
    const record = this.record();
    return (this.described()?.fields ?? []).map((f) => ({
      field: f,
      value: record ? displayValue(f, record[f.name]) : '',
    }));
  });

  constructor() {
    // Every stored file of the record, with its type (previews and icons follow it).
    const owners = computed((): FileOwner[] => {
      const record = this.record();
      const model = this.described();
      if (!record || !model) return [];
      const paths = model.fileFields
        .filter((f) => f.managed)
        .flatMap((f) => valuesOf(record, f.discovered.field))
        .filter((p) => !!this.discovery.storageAccess(p));
      return paths.length ? [{ id: record.id, version: record.updatedAt, paths }] : [];
    });
    this.files.follow(owners, { types: computed(() => true) });
  }

  protected edit(): void {
    const records = this.records();
    const record = this.record();
    if (records && record) this.actions.edit(records, record).subscribe();
  }

  protected delete(): void {
    const records = this.records();
    const record = this.record();
    if (!records || !record) return;
    const canDeleteFiles = records.model.fileFields.every((f) => !f.managed || this.models.fileAccess(f).delete);
    this.actions.confirmDelete(records, record, canDeleteFiles).subscribe((deleteFiles) => {
      if (deleteFiles === null) return;
      records.delete(record, deleteFiles).subscribe({
        next: (result) => {
          this.notifier.success(records.deletedMessage(record, result));
          void this.router.navigate(['/records', records.model.name]);
        },
        error: (err: unknown) => this.notifier.error(err),
      });
    });
  }

  protected holdFiles(event: DragEvent): void {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  }

  protected retry(): void {
    void this.router.navigate(['/records', this.model(), this.id()], { onSameUrlNavigation: 'reload' });
  }
}

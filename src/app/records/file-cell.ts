import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatTooltipModule } from '@angular/material/tooltip';
import { FileStates } from '../attachments/file-states';
import { DiscoveryState } from '../discovery/discovery-state';
import { fileNameOf, formatBytes } from '../shared/format/file-format';
import { FileThumb } from './file-thumb';
import type { AnyRecord, FileFieldView } from './record-model';
import { valuesOf } from './record-rows';

/**
 * A file field in a table row: the first file's thumbnail (or type icon) and name, how many a list
 * holds, the size storage reports, and “Missing file” when nothing is stored there. A value under
 * no storage path shows as “not a storage path” and is never fetched.
 */
@Component({
  selector: 'app-file-cell',
  imports: [FileThumb, MatTooltipModule],
  template: `
    @let first = paths()[0];
    @if (!first) {
      <span class="none">{{ values().length ? '' : 'None' }}</span>
    } @else {
      <span class="cell">
        <app-file-thumb
          [path]="first"
          [contentType]="typeOf(first)"
          [missing]="files.state(first) === null"
          [waiting]="files.state(first) === undefined"
          [alt]="name() + ': ' + fileName(first)"
        />
        <span class="text" [class.cdk-visually-hidden]="compact()">
          <span class="file" [title]="first">{{ fileName(first) }}</span>
          <span class="sub">
            @if (paths().length > 1) {
              {{ paths().length.toLocaleString('en') }} files ·
            }
            {{ size() }}
          </span>
        </span>
        @if (missing()) {
          <span
            class="badge"
            data-testid="missing-file"
            matTooltip="The record points at a file that is not in storage. Detach it or attach a new file."
            >Missing file</span
          >
        }
      </span>
    }
    @if (unstored().length) {
      <span class="badge not-path" data-testid="not-a-storage-path" [matTooltip]="unstored().join('\\n')">
        {{ unstored().length === 1 ? 'Not a storage path' : unstored().length + ' not storage paths' }}
      </span>
    }
  `,
  styles: `
    .cell {
      display: inline-flex;
      align-items: center;
      gap: 8px;
    }
    .text {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .file {
      overflow-wrap: anywhere;
    }
    .sub,
    .none {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .badge {
      display: inline-block;
      margin-inline-start: 8px;
      padding: 2px 8px;
      border-radius: 10px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font: var(--mat-sys-label-small);
      white-space: nowrap;
    }
    .not-path {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileCell {
  protected readonly files = inject(FileStates);
  private readonly discovery = inject(DiscoveryState);

  readonly view = input.required<FileFieldView>();
  readonly record = input.required<AnyRecord>();
  /** The record's name, for the thumbnail's alternative text. */
  readonly name = input('');
  /** A narrow screen: the thumbnail and badges only (the name and size stay for screen readers). */
  readonly compact = input(false);

  protected readonly values = computed(() => valuesOf(this.record(), this.view().discovered.field));
  /** Values storage can be asked about: a managed field's values under a storage path. */
  protected readonly paths = computed(() =>
    this.view().managed ? this.values().filter((v) => !!this.discovery.storageAccess(v)) : [],
  );
  protected readonly unstored = computed(() => this.values().filter((v) => !this.paths().includes(v)));
  protected readonly missing = computed(() => this.paths().some((p) => this.files.state(p) === null));
  protected readonly size = computed(() => {
    const total = this.files.total(this.paths());
    if (total.pending > 0) return '…';
    return total.bytes > 0 || total.missing < this.paths().length ? formatBytes(total.bytes) : '—';
  });
  protected readonly fileName = fileNameOf;

  protected typeOf(path: string): string {
    const state = this.files.state(path);
    return state && state !== 'error' ? (state.contentType ?? '') : '';
  }
}

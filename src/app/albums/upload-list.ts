import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AddProgress, FileUpload } from './album';
import { formatBytes } from '../shared/format/file-format';

const STATUS: Record<FileUpload['status'], string> = {
  invalid: 'Not added',
  queued: 'Waiting',
  uploading: 'Uploading',
  stored: 'Uploaded',
  failed: 'Failed',
  canceled: 'Canceled',
};

/** The files of an add batch: overall progress, each file's progress or reason, cancel per file. */
@Component({
  selector: 'app-upload-list',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule],
  template: `
    <div class="overall">
      <span class="summary" role="status">{{ summary() }}</span>
      @if (!running()) {
        <button mat-button type="button" (click)="dismiss.emit()">Dismiss</button>
      }
    </div>
    @if (running()) {
      <mat-progress-bar mode="determinate" [value]="percent()" aria-label="Overall upload progress" />
    }
    <ul>
      @for (f of batch().files; track f.index) {
        <li [class]="f.status" data-testid="upload-row">
          <span class="name" [title]="f.name">{{ f.name }}</span>
          <span class="status">{{ statusOf(f) }}</span>
          @if (f.status === 'uploading' || f.status === 'queued') {
            <button
              mat-icon-button
              type="button"
              [attr.aria-label]="'Cancel ' + f.name"
              (click)="cancelFile.emit(f.index)"
            >
              <mat-icon>close</mat-icon>
            </button>
          }
          @if (f.status === 'uploading') {
            <mat-progress-bar
              class="bar"
              mode="determinate"
              [value]="f.size ? (100 * f.sent) / f.size : 0"
              [attr.aria-label]="'Upload of ' + f.name"
            />
          }
          @if (f.error && f.status !== 'canceled') {
            <span class="reason">{{ f.error.message }}</span>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 12px 16px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container);
    }
    .overall {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      min-height: 36px;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
      display: flex;
      flex-direction: column;
      gap: 4px;
      max-height: 240px;
      overflow-y: auto;
    }
    li {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto auto;
      align-items: center;
      column-gap: 8px;
      min-height: 40px;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .status {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .bar,
    .reason {
      grid-column: 1 / -1;
    }
    .reason {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-error);
      overflow-wrap: anywhere;
    }
    .invalid .status,
    .failed .status {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadList {
  readonly batch = input.required<AddProgress>();
  readonly running = input(false);
  readonly cancelFile = output<number>();
  readonly dismiss = output<void>();

  protected readonly percent = computed(() => {
    const { sent, total } = this.batch();
    return total ? (100 * sent) / total : 0;
  });
  protected readonly summary = computed(() => {
    const { files, sent, total } = this.batch();
    if (this.running()) {
      const done = files.filter((f) => f.status === 'stored').length;
      const going = files.filter((f) => f.status !== 'invalid' && f.status !== 'canceled').length;
      return `Uploading ${done} of ${going} · ${formatBytes(sent)} of ${formatBytes(total)}`;
    }
    return `${files.length === 1 ? '1 file was' : `${files.length} files were`} not added`;
  });

  protected statusOf(f: FileUpload): string {
    if (f.status === 'uploading') return `${STATUS.uploading} ${f.size ? Math.round((100 * f.sent) / f.size) : 0}%`;
    return STATUS[f.status];
  }
}

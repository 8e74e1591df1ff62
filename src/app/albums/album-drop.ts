import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

/** Where images are added: drop many files on it, or pick them. Emits every batch, even an empty one. */
@Component({
  selector: 'app-album-drop',
  imports: [MatButtonModule, MatIconModule],
  template: `
    <mat-icon aria-hidden="true">cloud_upload</mat-icon>
    <span class="text">
      @if (disabled()) {
        {{ disabledText() }}
      } @else {
        Drop images here, or
      }
    </span>
    <button mat-stroked-button type="button" [disabled]="disabled()" (click)="picker.click()">
      <mat-icon>add_photo_alternate</mat-icon>
      Choose images
    </button>
    <input
      #picker
      type="file"
      multiple
      accept="image/png,image/jpeg,image/gif,image/webp,image/avif"
      hidden
      data-testid="add-input"
      (change)="picked($event)"
    />
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      justify-content: center;
      flex-wrap: wrap;
      gap: 8px 16px;
      padding: 16px;
      border: 2px dashed var(--mat-sys-outline-variant);
      border-radius: 12px;
      color: var(--mat-sys-on-surface-variant);
      transition: background-color 120ms;
    }
    :host(.over) {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
  `,
  host: {
    role: 'group',
    'aria-label': 'Add images',
    '[class.over]': 'over()',
    '(dragover)': 'onDragOver($event)',
    '(dragleave)': 'over.set(false)',
    '(drop)': 'onDrop($event)',
  },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumDrop {
  readonly disabled = input(false);
  readonly disabledText = input('');
  readonly files = output<File[]>();
  protected readonly over = signal(false);

  protected onDragOver(event: DragEvent): void {
    // Only files from outside the page: a tile being reordered is not a drop here.
    if (this.disabled() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.over.set(true);
  }

  protected onDrop(event: DragEvent): void {
    if (this.disabled() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.over.set(false);
    this.files.emit([...(event.dataTransfer.files ?? [])]);
  }

  protected picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) this.files.emit(files);
  }
}

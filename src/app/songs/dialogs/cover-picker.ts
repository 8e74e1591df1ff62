import { ChangeDetectionStrategy, Component, computed, effect, inject, input, model, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { AttachmentEngine } from '../../attachments/attachment-engine';
import { formatBytes } from '../../shared/format/file-format';

/**
 * Choose an image by drag and drop or the file picker; shows a preview, the name and size, and
 * the reason the engine refuses it (before any byte is sent).
 */
@Component({
  selector: 'app-cover-picker',
  imports: [MatButtonModule, MatIconModule],
  templateUrl: './cover-picker.html',
  styleUrl: './cover-picker.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CoverPicker {
  private readonly engine = inject(AttachmentEngine);

  readonly file = model<File | null>(null);
  readonly disabled = input(false);

  protected readonly dragging = signal(false);
  protected readonly accept = this.engine.limits.allowedTypes.join(',');
  protected readonly maxSize = formatBytes(this.engine.limits.maxBytes);
  protected readonly formats = this.engine.limits.allowedTypes
    .map((t) => t.replace(/^image\//, '').toUpperCase())
    .join(', ');
  /** Why the chosen file cannot be used, or null. */
  readonly reason = computed(() => {
    const file = this.file();
    return file ? (this.engine.validate(file)?.message ?? null) : null;
  });
  protected readonly size = computed(() => formatBytes(this.file()?.size ?? 0));
  protected readonly previewUrl = signal<string | null>(null);

  constructor() {
    // An object URL per chosen image, released when another is chosen or the picker goes away.
    effect((onCleanup) => {
      const file = this.file();
      if (!file || !file.type.startsWith('image/') || file.size === 0) {
        this.previewUrl.set(null);
        return;
      }
      const url = URL.createObjectURL(file);
      this.previewUrl.set(url);
      onCleanup(() => URL.revokeObjectURL(url));
    });
  }

  protected onChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) this.file.set(file);
    input.value = '';
  }

  protected onDragOver(event: DragEvent): void {
    if (this.disabled()) return;
    event.preventDefault();
    this.dragging.set(true);
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    if (this.disabled()) return;
    const file = event.dataTransfer?.files?.[0];
    if (file) this.file.set(file);
  }

  protected clear(): void {
    this.file.set(null);
  }
}

import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { signedImage } from '../attachments/signed-image';
import { previewKind, typeFromName, typeIcon } from './file-kind';

/**
 * One stored file as a small square: a thumbnail for a raster image (signed URL asked only once
 * storage has said the file exists), a type icon for anything else, a broken icon when the file
 * is missing. SVG and HTML get an icon: they are never rendered.
 */
@Component({
  selector: 'app-file-thumb',
  imports: [MatIconModule],
  template: `
    @if (url(); as src) {
      <img [src]="src" [alt]="alt()" loading="lazy" (error)="image.markFailed()" />
    } @else {
      <span class="icon" [class.broken]="broken()" role="img" [attr.aria-label]="label()">
        <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
      </span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      width: 40px;
      height: 40px;
      flex: none;
      border-radius: 6px;
      overflow: hidden;
      background: var(--mat-sys-surface-container-high);
      vertical-align: middle;
    }
    img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .icon {
      display: flex;
      width: 100%;
      align-items: center;
      justify-content: center;
      color: var(--mat-sys-on-surface-variant);
    }
    .broken {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileThumb {
  readonly path = input.required<string>();
  /** The stored content type, when storage said it; else the name's extension decides. */
  readonly contentType = input('');
  readonly missing = input(false);
  readonly waiting = input(false);
  readonly alt = input('');

  protected readonly type = computed(() => this.contentType() || typeFromName(this.path()));
  private readonly imagePath = computed(() => (previewKind(this.type()) === 'image' ? this.path() : null));
  protected readonly image = signedImage(this.imagePath, { missing: this.missing, waiting: this.waiting });
  protected readonly broken = computed(() => this.missing() || (!!this.imagePath() && this.image.broken()));
  protected readonly url = computed(() => (this.imagePath() && !this.broken() ? this.image.url() : ''));
  protected readonly icon = computed(() => (this.broken() ? 'broken_image' : typeIcon(this.type())));
  protected readonly label = computed(() => (this.missing() ? `File missing: ${this.alt()}` : this.alt()));
}

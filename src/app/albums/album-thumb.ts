import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { signedImage } from '../attachments/signed-image';

/**
 * One album image from its signed URL; a "missing" placeholder when storage has no such file. The
 * URL is asked for only once storage has said the file exists (or could not say), so a missing
 * file never costs a signed URL and a failed image request.
 */
@Component({
  selector: 'app-album-thumb',
  imports: [MatIconModule],
  template: `
    @if (image.broken()) {
      <span class="placeholder broken" role="img" [attr.aria-label]="'Missing file: ' + alt()">
        <mat-icon aria-hidden="true">broken_image</mat-icon>
      </span>
    } @else if (image.url()) {
      <img
        [src]="image.url()"
        [alt]="alt()"
        [attr.loading]="eager() ? null : 'lazy'"
        draggable="false"
        (error)="image.markFailed()"
      />
    } @else {
      <span class="placeholder loading" aria-hidden="true"></span>
    }
  `,
  styles: `
    :host {
      display: block;
      overflow: hidden;
      background: var(--mat-sys-surface-container-high);
    }
    img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: var(--thumb-fit, cover);
    }
    .placeholder {
      display: flex;
      align-items: center;
      justify-content: center;
      width: 100%;
      height: 100%;
      color: var(--mat-sys-on-surface-variant);
    }
    .broken {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumThumb {
  readonly path = input.required<string>();
  readonly alt = input('');
  /** Storage says no object exists at the path. */
  readonly missing = input(false);
  /** Storage has not said yet whether the file exists: wait, so a missing file is never requested. */
  readonly waiting = input(false);
  /** Load at once (the viewer) instead of when scrolled near. */
  readonly eager = input(false);

  protected readonly image = signedImage(this.path, { missing: this.missing, waiting: this.waiting });
}

import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { signedImage } from '../attachments/signed-image';

type CoverView = { state: 'none' } | { state: 'loading' } | { state: 'shown'; url: string } | { state: 'broken' };

/**
 * A song's cover from its signed URL, or a placeholder: no cover, file missing, or the image
 * failed to load. Only rendered for rows on screen, so only they ask for URLs, and only after
 * storage has said the file exists, so a missing file never costs a failed image request.
 */
@Component({
  selector: 'app-song-cover',
  imports: [MatIconModule],
  template: `
    @switch (view().state) {
      @case ('shown') {
        <img [src]="image.url()" [alt]="alt()" [attr.loading]="full() ? null : 'lazy'" (error)="image.markFailed()" />
      }
      @case ('none') {
        <span class="placeholder" role="img" [attr.aria-label]="'No cover for ' + alt()">
          <mat-icon aria-hidden="true">music_note</mat-icon>
        </span>
      }
      @case ('broken') {
        <span class="placeholder broken" role="img" [attr.aria-label]="'Cover file missing for ' + alt()">
          <mat-icon aria-hidden="true">broken_image</mat-icon>
        </span>
      }
      @default {
        <span class="placeholder loading" aria-hidden="true"></span>
      }
    }
  `,
  styleUrl: './song-cover.scss',
  host: { '[class.full]': 'full()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SongCover {
  readonly path = input<string | null>(null);
  /** Storage says no object exists at the path. */
  readonly missing = input(false);
  /** The song's title, for the image's alternative text. */
  readonly alt = input('');
  /** The full-size image of the detail page instead of a thumbnail. */
  readonly full = input(false);

  /** Storage has not said yet whether the file exists: wait, so a missing file is never requested. */
  readonly waiting = input(false);

  protected readonly image = signedImage(this.path, { missing: this.missing, waiting: this.waiting });
  protected readonly view = computed<CoverView>(() => {
    if (!this.path()) return { state: 'none' };
    if (this.image.broken()) return { state: 'broken' };
    const url = this.image.url();
    return url ? { state: 'shown', url } : { state: 'loading' };
  });
}

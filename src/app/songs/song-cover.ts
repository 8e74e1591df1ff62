import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';

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
        <img [src]="url()" [alt]="alt()" [attr.loading]="full() ? null : 'lazy'" (error)="failed.set(true)" />
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
  private readonly engine = inject(AttachmentEngine);

  readonly path = input<string | null>(null);
  /** Storage says no object exists at the path. */
  readonly missing = input(false);
  /** The song's title, for the image's alternative text. */
  readonly alt = input('');
  /** The full-size image of the detail page instead of a thumbnail. */
  readonly full = input(false);

  /** Storage has not said yet whether the file exists: wait, so a missing file is never requested. */
  readonly waiting = input(false);

  /** The image failed to load; reset when the path changes. */
  protected readonly failed = linkedSignal({ source: this.path, computation: () => false });
  /** The path to sign: only once storage has said the file is there (or could not say). */
  private readonly wanted = computed(() => (this.missing() || this.waiting() ? null : this.path()));
  private readonly signed = toSignal(
    toObservable(this.wanted).pipe(
      switchMap((path) =>
        path
          ? this.engine.signedUrl(path).pipe(
              map((url): string | null => url),
              catchError(() => of(null)),
              startWith(undefined),
            )
          : of(undefined),
      ),
    ),
  );
  protected readonly url = computed(() => this.signed() ?? '');
  protected readonly view = computed<CoverView>(() => {
    if (!this.path()) return { state: 'none' };
    if (this.missing() || this.failed() || this.signed() === null) return { state: 'broken' };
    const url = this.signed();
    return url ? { state: 'shown', url } : { state: 'loading' };
  });
}

import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';

/**
 * One album image from its signed URL; a "missing" placeholder when storage has no such file. The
 * URL is asked for only once storage has said the file exists (or could not say), so a missing
 * file never costs a signed URL and a failed image request.
 */
@Component({
  selector: 'app-album-thumb',
  imports: [MatIconModule],
  template: `
    @if (broken()) {
      <span class="placeholder broken" role="img" [attr.aria-label]="'Missing file: ' + alt()">
        <mat-icon aria-hidden="true">broken_image</mat-icon>
      </span>
    } @else if (url()) {
      <img
        [src]="url()"
        [alt]="alt()"
        [attr.loading]="eager() ? null : 'lazy'"
        draggable="false"
        (error)="failed.set(true)"
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
  private readonly engine = inject(AttachmentEngine);

  readonly path = input.required<string>();
  readonly alt = input('');
  /** Storage says no object exists at the path. */
  readonly missing = input(false);
  /** Storage has not said yet whether the file exists: wait, so a missing file is never requested. */
  readonly waiting = input(false);
  /** Load at once (the viewer) instead of when scrolled near. */
  readonly eager = input(false);

  /** The image failed to load; reset when the path changes. */
  protected readonly failed = linkedSignal({ source: this.path, computation: () => false });
  /** The path to sign: only once storage has said the file is there (or could not say). */
  private readonly wanted = computed(() => (this.missing() || this.waiting() ? null : this.path()));
  /** undefined while unknown or not asked, null when signing failed. */
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
  protected readonly broken = computed(() => this.missing() || this.failed() || this.signed() === null);
}

import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { DomSanitizer, type SafeResourceUrl } from '@angular/platform-browser';
import { catchError, of, switchMap } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { previewKind, typeFromName, typeIcon, typeLabel } from './file-kind';

/**
 * A stored file at full size: a raster image in an <img>, a PDF in a frame of its signed URL.
 * Anything else (SVG and HTML included, which could run script) is never rendered: its type icon
 * says what it is, and it is downloaded instead.
 */
@Component({
  selector: 'app-file-preview',
  imports: [MatIconModule],
  template: `
    @switch (kind()) {
      @case ('image') {
        @if (url(); as src) {
          <img [src]="src" [alt]="alt()" />
        }
      }
      @case ('pdf') {
        @if (frameUrl(); as src) {
          <iframe [src]="src" [title]="alt()" data-testid="pdf-preview"></iframe>
        }
      }
      @default {
        <p class="none" data-testid="no-preview">
          <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
          {{ label() }} files are not shown here{{ unsafe() ? ' (they could run scripts)' : '' }}: download it to open
          it.
        </p>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    img {
      display: block;
      max-width: 100%;
      max-height: 60vh;
      margin-inline: auto;
      border-radius: 8px;
      object-fit: contain;
    }
    iframe {
      box-sizing: border-box;
      width: 100%;
      height: 60vh;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
    .none {
      display: flex;
      gap: 8px;
      align-items: center;
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FilePreview {
  private readonly engine = inject(AttachmentEngine);
  private readonly sanitizer = inject(DomSanitizer);

  readonly path = input.required<string>();
  /** The type storage reports; the name's extension when it reports none. */
  readonly contentType = input('');
  readonly alt = input('');

  private readonly type = computed(() => this.contentType() || typeFromName(this.path()));
  protected readonly kind = computed(() => previewKind(this.type()));
  protected readonly icon = computed(() => typeIcon(this.type()));
  protected readonly label = computed(() => typeLabel(this.type()) || 'These');
  protected readonly unsafe = computed(() => ['image/svg+xml', 'text/html'].includes(this.type()));
  private readonly signed = toSignal(
    toObservable(computed(() => (this.kind() === 'none' ? null : this.path()))).pipe(
      switchMap((path) => (path ? this.engine.signedUrl(path).pipe(catchError(() => of(''))) : of(''))),
    ),
    { initialValue: '' },
  );
  protected readonly url = this.signed;
  /** The signed URL of a PDF as a frame's source (Angular trusts only what the console signed). */
  protected readonly frameUrl = computed((): SafeResourceUrl | null => {
    const url = this.signed();
    return url && this.kind() === 'pdf' ? this.sanitizer.bypassSecurityTrustResourceUrl(url) : null;
  });
}

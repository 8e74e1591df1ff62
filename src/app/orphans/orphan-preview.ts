import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { previewKind, typeFromName, typeIcon, typeLabel } from '../records/file-kind';

type Preview =
  | { state: 'loading' }
  | { state: 'ready'; url: string }
  | { state: 'failed' }
  | { state: 'other'; type: string };

/**
 * A small thumbnail of a stored image, from the engine's signed-URL cache. A file whose name says
 * it is something else (a PDF manual, an SVG, an HTML page) gets its type's icon and is never
 * loaded as an image.
 */
@Component({
  selector: 'app-orphan-preview',
  imports: [MatIconModule],
  template: `
    @switch (preview().state) {
      @case ('ready') {
        @if (undecodable() === url()) {
          <mat-icon [attr.aria-label]="'No preview of ' + name()" role="img">broken_image</mat-icon>
        } @else {
          <img [src]="url()" [alt]="'Preview of ' + name()" loading="lazy" (error)="undecodable.set(url())" />
        }
      }
      @case ('other') {
        <mat-icon role="img" [attr.aria-label]="otherLabel()">{{ otherIcon() }}</mat-icon>
      }
      @case ('failed') {
        <mat-icon [attr.aria-label]="'No preview of ' + name()" role="img">broken_image</mat-icon>
      }
      @default {
        <span class="placeholder" aria-hidden="true"></span>
      }
    }
  `,
  styles: `
    :host {
      display: inline-grid;
      place-items: center;
      width: 40px;
      height: 40px;
      border-radius: 4px;
      overflow: hidden;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrphanPreview {
  private readonly engine = inject(AttachmentEngine);
  readonly path = input.required<string>();
  readonly name = input('');
  protected readonly preview = toSignal(
    toObservable(this.path).pipe(
      switchMap((path) => {
        const type = typeFromName(path);
        if (type && previewKind(type) !== 'image') return of<Preview>({ state: 'other', type });
        return this.engine.signedUrl(path).pipe(
          map((url): Preview => ({ state: 'ready', url })),
          catchError(() => of<Preview>({ state: 'failed' })),
          startWith<Preview>({ state: 'loading' }),
        );
      }),
    ),
    { initialValue: { state: 'loading' } as Preview },
  );
  /**
   * The signed URL the browser could not show: the file was deleted since the report was made (a
   * 404), or its bytes are not an image. Without it the cell shows the clipped alt text.
   */
  protected readonly undecodable = signal('');
  protected readonly url = computed(() => {
    const p = this.preview();
    return p.state === 'ready' ? p.url : '';
  });
  private readonly otherType = computed(() => {
    const p = this.preview();
    return p.state === 'other' ? p.type : '';
  });
  protected readonly otherIcon = computed(() => typeIcon(this.otherType()));
  protected readonly otherLabel = computed(() => `${typeLabel(this.otherType()) || 'File'}: ${this.name()}`);
}

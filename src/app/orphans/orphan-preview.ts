import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { AttachmentEngine } from '../attachments/attachment-engine';

type Preview = { state: 'loading' } | { state: 'ready'; url: string } | { state: 'failed' };

/** A small thumbnail of a stored image, from the engine's signed-URL cache. */
@Component({
  selector: 'app-orphan-preview',
  imports: [MatIconModule],
  template: `
    @switch (preview().state) {
      @case ('ready') {
        <img [src]="url()" [alt]="'Preview of ' + name()" loading="lazy" />
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
      switchMap((path) =>
        this.engine.signedUrl(path).pipe(
          map((url): Preview => ({ state: 'ready', url })),
          catchError(() => of<Preview>({ state: 'failed' })),
          startWith<Preview>({ state: 'loading' }),
        ),
      ),
    ),
    { initialValue: { state: 'loading' } as Preview },
  );
  protected readonly url = computed(() => {
    const p = this.preview();
    return p.state === 'ready' ? p.url : '';
  });
}

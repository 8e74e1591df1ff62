import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { AttachmentEngine } from '../attachments/attachment-engine';
import type { FileStates } from '../attachments/file-states';
import { Notifier } from '../core/notify/notifier';
import { fileNameOf, formatBytes } from '../shared/format/file-format';
import { AlbumThumb } from './album-thumb';

export interface AlbumViewerData {
  readonly albumName: string;
  readonly paths: readonly string[];
  readonly index: number;
  readonly files: FileStates;
}

/** An album's images at full size, one at a time: ←/→ (or the buttons) to move, download. */
@Component({
  selector: 'app-album-viewer',
  imports: [AlbumThumb, MatButtonModule, MatDialogModule, MatIconModule],
  template: `
    <div class="bar">
      <h2 mat-dialog-title class="title">
        <span class="name" data-testid="viewer-name">{{ name() }}</span>
        <span class="where" data-testid="viewer-position">{{ index() + 1 }} of {{ data.paths.length }}</span>
      </h2>
      <span class="size">{{ size() }}</span>
      <button
        mat-icon-button
        type="button"
        [disabled]="missing()"
        aria-label="Download this image"
        (click)="download()"
      >
        <mat-icon>download</mat-icon>
      </button>
      <button mat-icon-button type="button" mat-dialog-close aria-label="Close the viewer">
        <mat-icon>close</mat-icon>
      </button>
    </div>
    <div class="stage">
      <button
        mat-icon-button
        class="nav prev"
        type="button"
        aria-label="Previous image"
        [disabled]="index() === 0"
        (click)="step(-1)"
      >
        <mat-icon>chevron_left</mat-icon>
      </button>
      <app-album-thumb
        class="image"
        [path]="path()"
        [alt]="name()"
        [missing]="missing()"
        [waiting]="data.files.state(path()) === undefined"
        [eager]="true"
      />
      <button
        mat-icon-button
        class="nav next"
        type="button"
        aria-label="Next image"
        [disabled]="index() === data.paths.length - 1"
        (click)="step(1)"
      >
        <mat-icon>chevron_right</mat-icon>
      </button>
    </div>
    @if (missing()) {
      <p class="missing" role="alert">Missing file: the album points at a file that is not in storage.</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      max-height: 92vh;
    }
    .bar {
      display: flex;
      align-items: center;
      gap: 4px;
      padding: 4px 8px 4px 0;
    }
    .title {
      flex: 1;
      min-width: 0;
      display: flex;
      align-items: baseline;
      gap: 12px;
      margin: 0;
      padding-inline-end: 8px;
    }
    .title::before {
      display: none;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .where,
    .size {
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
    }
    .stage {
      position: relative;
      display: flex;
      align-items: center;
      justify-content: center;
      min-height: 0;
      flex: 1;
      padding: 0 8px 8px;
    }
    .image {
      --thumb-fit: contain;
      width: 100%;
      height: min(75vh, 720px);
      border-radius: 8px;
      background: var(--mat-sys-surface-container-highest);
    }
    .nav {
      position: absolute;
      top: 50%;
      transform: translateY(-50%);
      z-index: 1;
      background: color-mix(in srgb, var(--mat-sys-surface) 80%, transparent);
    }
    .prev {
      left: 16px;
    }
    .next {
      right: 16px;
    }
    .missing {
      margin: 0 16px 12px;
      color: var(--mat-sys-error);
    }
    @media (max-width: 599.98px) {
      .size {
        display: none;
      }
      .image {
        height: 60vh;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlbumViewer {
  protected readonly data = inject<AlbumViewerData>(MAT_DIALOG_DATA);
  private readonly engine = inject(AttachmentEngine);
  private readonly notifier = inject(Notifier);

  protected readonly index = signal(this.data.index);
  protected readonly path = computed(() => this.data.paths[this.index()]!);
  protected readonly name = computed(() => fileNameOf(this.path()));
  protected readonly missing = computed(() => this.data.files.state(this.path()) === null);
  protected readonly size = computed(() => {
    const s = this.data.files.state(this.path());
    return s && s !== 'error' ? formatBytes(s.size) : '';
  });

  constructor() {
    // Keys pressed anywhere in the dialog (focus may be on its container or a button).
    inject(MatDialogRef)
      .keydownEvents()
      .pipe(takeUntilDestroyed())
      .subscribe((event) => {
        const to = {
          ArrowLeft: this.index() - 1,
          ArrowRight: this.index() + 1,
          Home: 0,
          End: this.data.paths.length - 1,
        }[event.key];
        if (to === undefined) return;
        event.preventDefault();
        this.step(to - this.index());
      });
  }

  protected step(by: number): void {
    this.index.update((i) => Math.min(this.data.paths.length - 1, Math.max(0, i + by)));
  }

  protected download(): void {
    this.engine.download(this.path()).subscribe({ error: (err: unknown) => this.notifier.error(err) });
  }
}

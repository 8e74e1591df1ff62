import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject } from 'rxjs';
import { toAttachmentError } from '../attachments/error-mapping';
import { Notifier } from '../core/notify/notifier';
import type { AddProgress, PhotoAlbum } from './album';
import { countLabel } from './album-format';
import { AlbumService } from './album-service';

export type BatchView = AddProgress & { readonly running: boolean };

/**
 * The add batch of an album page: runs it, keeps its progress for the upload list, cancels one
 * file, and afterwards keeps the files that were not added (with their reasons) until dismissed.
 * Leaving the page cancels a batch that has not been written yet.
 */
@Injectable()
export class AlbumUploads {
  private readonly albums = inject(AlbumService);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly cancels = new Subject<number>();

  readonly batch = signal<BatchView | null>(null);

  /** Starts a batch unless one is running; `written` gets the album as the batch left it. */
  start(album: PhotoAlbum, files: File[], written: (album: PhotoAlbum) => void): void {
    if (this.batch()?.running) return;
    this.albums
      .addFiles(album, files, this.cancels)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (step) => {
          if (step.type === 'progress') {
            this.batch.set({ ...step, running: true });
            return;
          }
          const { album: updated, added, failed } = step.value;
          written(updated);
          this.batch.set(failed.length ? { files: failed, sent: 0, total: 0, running: false } : null);
          const notAdded = failed.length ? ` ${failed.length} not added: see the list.` : '';
          if (added.length) this.notifier.success(`Added ${countLabel(added.length)} to “${updated.name}”.${notAdded}`);
          else this.notifier.error(`No image was added.${notAdded}`);
        },
        error: (err: unknown) => {
          // Nothing was added: files that had uploaded were discarded with the batch.
          const b = this.batch();
          const error = toAttachmentError(err);
          const listed = (b?.files ?? []).map((f) =>
            f.status === 'stored' ? { ...f, status: 'failed' as const, error } : f,
          );
          this.batch.set(b ? { ...b, files: listed, running: false } : null);
          this.notifier.error(err);
        },
      });
  }

  cancel(index: number): void {
    this.cancels.next(index);
  }

  dismiss(): void {
    this.batch.set(null);
  }
}

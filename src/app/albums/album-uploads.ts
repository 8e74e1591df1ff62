import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, type Subscription } from 'rxjs';
import { toAttachmentError } from '../attachments/error-mapping';
import { Notifier } from '../core/notify/notifier';
import type { AddProgress, PhotoAlbum } from './album';
import { countLabel } from './album-format';
import { AlbumService } from './album-service';

export type BatchView = AddProgress & { readonly running: boolean };

/**
 * The add batch of an album page: runs it, keeps its progress for the upload list, cancels one
 * file, and afterwards keeps the files that were not added (with their reasons) until dismissed.
 * Leaving the page cancels a batch that has not been written yet (the leave guard asks first).
 */
@Injectable()
export class AlbumUploads {
  private readonly albums = inject(AlbumService);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly cancels = new Subject<number>();

  readonly batch = signal<BatchView | null>(null);
  /** Files of the running batch that are not in the album yet: waiting, uploading or uploaded. */
  readonly pending = computed(() => {
    const b = this.batch();
    return b?.running
      ? b.files.filter((f) => f.status === 'queued' || f.status === 'uploading' || f.status === 'stored')
      : [];
  });
  /** Every upload is over and the one write that adds them is under way: it can no longer be canceled. */
  readonly writing = computed(() => {
    const pending = this.pending();
    return pending.length > 0 && pending.every((f) => f.status === 'stored');
  });
  private running?: Subscription;

  /** Starts a batch unless one is running; `written` gets the album as the batch left it. */
  start(album: PhotoAlbum, files: File[], written: (album: PhotoAlbum) => void): void {
    if (this.batch()?.running) return;
    this.running = this.albums
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

  /**
   * Cancels the whole batch unless its write is under way: uploads abort, those already stored are
   * deleted again, and nothing is added. Returns whether the batch is over.
   */
  cancelBatch(): boolean {
    if (!this.batch()?.running) return true;
    if (this.writing()) return false;
    this.running?.unsubscribe();
    this.batch.set(null);
    return true;
  }

  cancel(index: number): void {
    this.cancels.next(index);
  }

  dismiss(): void {
    this.batch.set(null);
  }
}

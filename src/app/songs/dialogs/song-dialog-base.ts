import { DestroyRef, effect, inject, signal } from '@angular/core';
import { MatDialogRef } from '@angular/material/dialog';
import { AttachmentError } from '../../attachments/attachment-error';
import { Reachability } from '../../core/backend/reachability';
import { Notifier } from '../../core/notify/notifier';
import type { Song } from '../song';
import { SongService } from '../song-service';
import { Run } from './run';

/** What the dialogs about one song share: the song as last seen, one running action, reload. */
export abstract class SongDialogBase<R> {
  protected readonly songs = inject(SongService);
  protected readonly notifier = inject(Notifier);
  protected readonly ref = inject<MatDialogRef<unknown, R>>(MatDialogRef);
  private readonly reachability = inject(Reachability);
  /** An unreachable backend is shown in the dialog and reported, so the shell shows its banner and retries. */
  protected readonly run = new Run((e) => e.kind === 'unavailable' && this.reachability.report());
  protected readonly song = signal<Song>(this.initialSong());

  constructor() {
    // While an action runs, a stray click outside or Escape must not abandon it half-way.
    effect(() => (this.ref.disableClose = this.run.busy()));
    inject(DestroyRef).onDestroy(() => this.run.cancel());
  }

  protected abstract initialSong(): Song;

  /** After a conflict: fetch the song as it is now, so the operator decides again on fresh facts. */
  protected reload(): void {
    const id = this.song().id;
    this.run.error.set(null);
    this.songs.get(id).subscribe({
      next: (fresh) => {
        if (fresh) {
          this.song.set(fresh);
          this.run.notice.set('Reloaded: this is the song as it is now.');
        } else {
          this.run.error.set(new AttachmentError('not-found', 'This song was deleted by someone else.'));
        }
      },
      error: (err: unknown) =>
        this.run.error.set(err instanceof AttachmentError ? err : new AttachmentError('unknown', String(err))),
    });
  }

  /** Closing stops what runs: an upload in flight is canceled. */
  protected close(): void {
    this.run.cancel();
    this.ref.close();
  }

  protected finish(result: R, message: string): void {
    this.notifier.success(message);
    this.ref.close(result);
  }
}

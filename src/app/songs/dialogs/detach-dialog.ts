import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatRadioModule } from '@angular/material/radio';
import { catchError, of, switchMap } from 'rxjs';
import { AttachmentEngine } from '../../attachments/attachment-engine';
import { Session } from '../../core/auth/session';
import type { Song } from '../song';
import { fileNameOf } from '../../shared/format/file-format';
import { asTransfer } from './run';
import { ActionError } from './action-error';
import { SongDialogBase } from './song-dialog-base';
import { lookUpFile } from '../../attachments/look-up-file';
import { keptFilesOf, keptSentence } from '../../attachments/kept-files';
import { SONG_COVER } from '../song-service';

export interface DetachDialogData {
  song: Song;
}

/** The three ways to part a song from its cover. */
export type DetachChoice = 'keep-file' | 'delete-file' | 'delete-song';

/** What became of the song: updated (no cover now) or deleted along with its file. */
export type DetachResult = { kind: 'detached'; song: Song } | { kind: 'deleted' };

@Component({
  selector: 'app-detach-dialog',
  imports: [ActionError, FormsModule, MatButtonModule, MatDialogModule, MatRadioModule],
  templateUrl: './detach-dialog.html',
  styleUrls: ['./dialog.scss', './detach-dialog.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DetachDialog extends SongDialogBase<DetachResult> {
  protected readonly session = inject(Session);
  protected readonly choice = signal<DetachChoice>('keep-file');
  private readonly engine = inject(AttachmentEngine);
  protected readonly fileName = computed(() => fileNameOf(this.song().coverArtPath));
  /** What storage says about the cover: null when the file is already gone (a dangling reference). */
  protected readonly info = toSignal(
    toObservable(computed(() => this.song().coverArtPath)).pipe(
      switchMap((path) => (path ? lookUpFile(this.engine, path).pipe(catchError(() => of(undefined))) : of(undefined))),
    ),
    { initialValue: undefined },
  );
  protected readonly confirmLabel = computed(() => {
    switch (this.choice()) {
      case 'keep-file':
        return 'Detach, keep the file';
      case 'delete-file':
        return 'Detach and delete the file';
      case 'delete-song':
        return 'Delete song and file';
    }
  });

  protected initialSong(): Song {
    return inject<DetachDialogData>(MAT_DIALOG_DATA).song;
  }

  protected confirm(): void {
    const song = this.song();
    const choice = this.choice();
    if (!song.coverArtPath || this.run.busy()) return;
    if (choice === 'delete-song') {
      if (!this.session.can('delete')) return;
      this.run.start(asTransfer(this.songs.delete(song, 'delete-file')), ({ kept }) =>
        this.finish(
          { kind: 'deleted' },
          kept.length
            ? `Song “${song.name}” deleted. ${keptSentence(SONG_COVER, song, kept)}`
            : `Song “${song.name}” and its cover deleted`,
        ),
      );
      return;
    }
    this.run.start(asTransfer(this.songs.detach(song, choice)), (updated) => {
      const kept = keptFilesOf(updated);
      this.finish(
        { kind: 'detached', song: updated },
        choice === 'keep-file'
          ? `Cover detached from “${song.name}”; the file is kept`
          : kept.length
            ? `Cover detached from “${song.name}”. ${keptSentence(SONG_COVER, song, kept)}`
            : `Cover detached from “${song.name}” and deleted`,
      );
    });
  }
}

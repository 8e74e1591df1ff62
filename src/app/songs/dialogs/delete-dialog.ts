import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { catchError, of, switchMap } from 'rxjs';
import { AttachmentEngine } from '../../attachments/attachment-engine';
import type { Song } from '../song';
import { fileNameOf, formatBytes } from '../../shared/format/file-format';
import { ActionError } from './action-error';
import { asTransfer } from './run';
import { SongDialogBase } from './song-dialog-base';
import { lookUpFile } from '../../attachments/look-up-file';
import { keptSentence } from '../../attachments/kept-files';
import { SONG_COVER } from '../song-service';

export interface DeleteDialogData {
  song: Song;
}

/** Delete a song, saying exactly what is lost; its cover file goes too unless the operator keeps it. */
@Component({
  selector: 'app-delete-dialog',
  imports: [ActionError, FormsModule, MatButtonModule, MatCheckboxModule, MatDialogModule],
  templateUrl: './delete-dialog.html',
  styleUrl: './dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeleteDialog extends SongDialogBase<true> {
  private readonly engine = inject(AttachmentEngine);
  protected readonly deleteFile = signal(true);
  protected readonly fileName = computed(() => fileNameOf(this.song().coverArtPath));
  /** Size of the cover, to name what is lost; null when the file is missing, undefined while asking. */
  protected readonly info = toSignal(
    toObservable(computed(() => this.song().coverArtPath)).pipe(
      switchMap((path) => (path ? lookUpFile(this.engine, path).pipe(catchError(() => of(undefined))) : of(null))),
    ),
  );
  protected readonly formatBytes = formatBytes;

  protected initialSong(): Song {
    return inject<DeleteDialogData>(MAT_DIALOG_DATA).song;
  }

  protected confirm(): void {
    const song = this.song();
    if (this.run.busy()) return;
    const withFile = !!song.coverArtPath && this.deleteFile();
    this.run.start(asTransfer(this.songs.delete(song, withFile ? 'delete-file' : 'keep-file')), ({ kept }) =>
      this.finish(
        true,
        kept.length
          ? `Song “${song.name}” deleted. ${keptSentence(SONG_COVER, song, kept)}`
          : withFile
            ? `Song “${song.name}” and its cover deleted`
            : `Song “${song.name}” deleted`,
      ),
    );
  }
}

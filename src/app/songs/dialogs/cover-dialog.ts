import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { AttachmentEngine } from '../../attachments/attachment-engine';
import type { Song } from '../song';
import { SongCover } from '../song-cover';
import { fileNameOf, formatBytes } from '../../shared/format/file-format';
import { ActionError } from './action-error';
import { CoverPicker } from './cover-picker';
import { SongDialogBase } from './song-dialog-base';
import { lookUpFile } from '../../attachments/look-up-file';
import { keptFilesOf, keptSentence } from '../../attachments/kept-files';
import { SONG_COVER } from '../song-service';

export interface CoverDialogData {
  song: Song;
}

/** Attach a cover to a song without one, or replace the one it has. */
@Component({
  selector: 'app-cover-dialog',
  imports: [ActionError, CoverPicker, MatButtonModule, MatDialogModule, MatIconModule, MatProgressBarModule, SongCover],
  templateUrl: './cover-dialog.html',
  styleUrl: './dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CoverDialog extends SongDialogBase<Song> {
  private readonly engine = inject(AttachmentEngine);
  protected readonly file = signal<File | null>(null);
  protected readonly replacing = computed(() => !!this.song().coverArtPath);
  protected readonly currentName = computed(() => fileNameOf(this.song().coverArtPath));
  /** Whether the current cover is in storage, asked first so a missing file is never requested as an image. */
  protected readonly current = toSignal(
    toObservable(computed(() => this.song().coverArtPath)).pipe(
      switchMap((path) =>
        path
          ? lookUpFile(this.engine, path).pipe(
              map((info) => (info ? 'stored' : 'missing')),
              catchError(() => of('unknown' as const)),
              startWith('asking' as const),
            )
          : of('none' as const),
      ),
    ),
    { initialValue: 'asking' as const },
  );
  protected readonly invalid = computed(() => {
    const file = this.file();
    return file ? this.engine.validate(file) : null;
  });
  protected readonly formatBytes = formatBytes;

  protected initialSong(): Song {
    return inject<CoverDialogData>(MAT_DIALOG_DATA).song;
  }

  protected upload(): void {
    const file = this.file();
    if (!file || this.invalid() || this.run.busy()) return;
    const replacing = this.replacing();
    const name = this.song().name;
    const before = this.song();
    this.run.start(this.songs.setCover(before, file), (song) => {
      const kept = keptFilesOf(song);
      const done = replacing ? `Cover of “${name}” replaced` : `Cover attached to “${name}”`;
      this.finish(song, kept.length ? `${done}. ${keptSentence(SONG_COVER, before, kept)}` : done);
    });
  }

  protected cancelUpload(): void {
    this.run.cancel('Upload canceled. The song is unchanged.');
  }
}

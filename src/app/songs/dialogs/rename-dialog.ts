import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Song } from '../song';
import { MAX_TITLE_LENGTH, validTitle } from '../song-title';
import { ActionError } from './action-error';
import { asTransfer } from './run';
import { SongDialogBase } from './song-dialog-base';

export interface RenameDialogData {
  song: Song;
}

/** A new title for a song; only the name is written, so the cover is never touched. */
@Component({
  selector: 'app-rename-dialog',
  imports: [ActionError, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  templateUrl: './rename-dialog.html',
  styleUrl: './dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RenameDialog extends SongDialogBase<Song> {
  protected readonly maxLength = MAX_TITLE_LENGTH;
  protected readonly title = new FormControl(this.song().name, { nonNullable: true, validators: [validTitle] });
  protected readonly form = new FormGroup({ title: this.title });
  private readonly titleValue = toSignal(this.title.valueChanges, { initialValue: this.title.value });
  protected readonly titleLength = computed(() => [...this.titleValue().trim()].length);
  /** Saving the title it already has would write nothing new: Save waits for a change. */
  protected readonly unchanged = computed(() => this.titleValue().normalize('NFC').trim() === this.song().name);

  protected initialSong(): Song {
    return inject<RenameDialogData>(MAT_DIALOG_DATA).song;
  }

  protected save(): void {
    this.title.markAsTouched();
    if (this.title.invalid || this.unchanged() || this.run.busy()) return;
    const before = this.song().name;
    this.run.start(asTransfer(this.songs.rename(this.song(), this.title.value.trim())), (song) =>
      this.finish(song, `Song “${before}” renamed to “${song.name}”`),
    );
  }
}

import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { FileDisposal, Song } from '../song';
import type { SongBulkAction } from '../song-bulk';

export interface BulkDialogData {
  readonly kind: SongBulkAction['kind'];
  readonly songs: readonly Song[];
  /** Every song matching this search on the server, not only `songs` (the loaded). */
  readonly allMatching?: { readonly search: string };
}

/** Titles named in the confirmation; the rest are counted. */
const NAMED = 5;

/**
 * Confirms a bulk delete or detach before anything starts: how many songs, the first few titles,
 * and how many cover files go with them (unless kept). Closes with the action, or nothing.
 */
@Component({
  selector: 'app-bulk-dialog',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatDialogModule],
  templateUrl: './bulk-dialog.html',
  styleUrl: './dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BulkDialog {
  private readonly ref = inject<MatDialogRef<BulkDialog, SongBulkAction>>(MatDialogRef);
  protected readonly data = inject<BulkDialogData>(MAT_DIALOG_DATA);
  protected readonly deleteFiles = signal(true);

  protected readonly count = this.data.songs.length;
  protected readonly named = this.data.songs.slice(0, NAMED).map((s) => s.name);
  protected readonly more = Math.max(0, this.count - NAMED);
  protected readonly covers = this.data.songs.filter((s) => s.coverArtPath).length;
  protected readonly songsWord = this.count === 1 ? 'song' : 'songs';
  protected readonly coversWord = this.covers === 1 ? 'cover file' : 'cover files';
  /** "every song matching “blue”", "every song": what an action on more than the loaded covers. */
  protected readonly every = this.data.allMatching
    ? this.data.allMatching.search.trim()
      ? `every song matching “${this.data.allMatching.search.trim()}”`
      : 'every song'
    : '';
  protected readonly disposal = computed<FileDisposal>(() => (this.deleteFiles() ? 'delete-file' : 'keep-file'));

  protected confirm(): void {
    this.ref.close({ kind: this.data.kind, disposal: this.disposal() });
  }

  protected close(): void {
    this.ref.close();
  }
}

import { Injectable, inject } from '@angular/core';
import { MatDialog, type MatDialogConfig } from '@angular/material/dialog';
import { type Observable, map } from 'rxjs';
import type { Song } from './song';
import type { SongBulkAction } from './song-bulk';
import { CoverDialog } from './dialogs/cover-dialog';
import { CreateSongDialog } from './dialogs/create-song-dialog';
import { BulkDialog, type BulkDialogData } from './dialogs/bulk-dialog';
import { DeleteDialog } from './dialogs/delete-dialog';
import { DetachDialog, type DetachResult } from './dialogs/detach-dialog';
import { RenameDialog } from './dialogs/rename-dialog';

const SIZE: MatDialogConfig = { width: '560px', maxWidth: 'calc(100vw - 32px)', autoFocus: 'first-tabbable' };

/** Opens the Songs dialogs; each emits what became of the song once its dialog closes. */
@Injectable({ providedIn: 'root' })
export class SongActions {
  private readonly dialog = inject(MatDialog);

  /** The new song, or null when the dialog was closed without creating one. */
  create(): Observable<Song | null> {
    return this.dialog
      .open<CreateSongDialog, void, Song>(CreateSongDialog, SIZE)
      .afterClosed()
      .pipe(map((song) => song ?? null));
  }

  /** The renamed song, or null when the dialog was closed without a change. */
  rename(song: Song): Observable<Song | null> {
    return this.dialog
      .open<RenameDialog, unknown, Song>(RenameDialog, { ...SIZE, data: { song } })
      .afterClosed()
      .pipe(map((s) => s ?? null));
  }

  /** Attach or replace the cover; the updated song, or null. */
  setCover(song: Song): Observable<Song | null> {
    return this.dialog
      .open<CoverDialog, unknown, Song>(CoverDialog, { ...SIZE, data: { song } })
      .afterClosed()
      .pipe(map((s) => s ?? null));
  }

  detach(song: Song): Observable<DetachResult | null> {
    return this.dialog
      .open<DetachDialog, unknown, DetachResult>(DetachDialog, { ...SIZE, data: { song } })
      .afterClosed()
      .pipe(map((r) => r ?? null));
  }

  /** True once the song is deleted. */
  delete(song: Song): Observable<boolean> {
    return this.dialog
      .open<DeleteDialog, unknown, true>(DeleteDialog, { ...SIZE, data: { song } })
      .afterClosed()
      .pipe(map((r) => r === true));
  }

  /**
   * Confirms a bulk action on `songs`, naming what will be lost; the action chosen, or null. With
   * `allMatching`, the action is on every song matching that search on the server, `songs` being
   * the loaded ones.
   */
  confirmBulk(
    kind: SongBulkAction['kind'],
    songs: readonly Song[],
    allMatching?: { readonly search: string },
  ): Observable<SongBulkAction | null> {
    const data: BulkDialogData = { kind, songs, ...(allMatching ? { allMatching } : {}) };
    return this.dialog
      .open<BulkDialog, BulkDialogData, SongBulkAction>(BulkDialog, { ...SIZE, data })
      .afterClosed()
      .pipe(map((r) => r ?? null));
  }
}

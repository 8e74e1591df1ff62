import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Observable, map, tap } from 'rxjs';
import { type KeptFile, keptSentence } from '../attachments/kept-files';
import { Notifier } from '../core/notify/notifier';
import type { AlbumDisposal, PhotoAlbum } from './album';
import { ALBUM_IMAGES, AlbumService } from './album-service';
import { AlbumNameDialog, type AlbumNameDialogData } from './dialogs/album-name-dialog';
import { ConfirmDialog, type ConfirmDialogData } from './dialogs/confirm-dialog';
import { DeleteAlbumDialog, type DeleteAlbumDialogData } from './dialogs/delete-album-dialog';

/** The album actions that go through a dialog, shared by the albums table and the album page. */
@Injectable({ providedIn: 'root' })
export class AlbumActions {
  private readonly dialog = inject(MatDialog);
  private readonly albums = inject(AlbumService);
  private readonly notifier = inject(Notifier);

  /** Emits the new album, or undefined when the dialog was closed. */
  create(): Observable<PhotoAlbum | undefined> {
    const data: AlbumNameDialogData = {
      title: 'New album',
      action: 'Create album',
      name: '',
      save: (name) => this.albums.create(name),
    };
    return this.dialog
      .open<AlbumNameDialog, AlbumNameDialogData, PhotoAlbum>(AlbumNameDialog, { data, width: '480px' })
      .afterClosed()
      .pipe(tap((album) => album && this.notifier.success(`Album “${album.name}” created.`)));
  }

  rename(album: PhotoAlbum): Observable<PhotoAlbum | undefined> {
    const data: AlbumNameDialogData = {
      title: `Rename “${album.name}”`,
      action: 'Rename',
      name: album.name,
      save: (name) => this.albums.rename(album, name),
    };
    return this.dialog
      .open<AlbumNameDialog, AlbumNameDialogData, PhotoAlbum>(AlbumNameDialog, { data, width: '480px' })
      .afterClosed()
      .pipe(tap((renamed) => renamed && this.notifier.success(`Renamed to “${renamed.name}”.`)));
  }

  /** Emits true once the album is deleted. */
  delete(album: PhotoAlbum, size?: string): Observable<boolean> {
    // The dialog may delete a newer version than it opened with (after a conflict); that one is named.
    let deleted = album;
    let kept: readonly KeptFile[] = [];
    const data: DeleteAlbumDialogData = {
      album,
      size,
      remove: (current, d) => {
        deleted = current;
        return this.albums.delete(current, d).pipe(
          tap((result) => (kept = result.kept)),
          map(() => undefined),
        );
      },
      current: (id) => this.albums.get(id),
    };
    return this.dialog
      .open<DeleteAlbumDialog, DeleteAlbumDialogData, AlbumDisposal>(DeleteAlbumDialog, { data, width: '520px' })
      .afterClosed()
      .pipe(
        tap((disposal) => {
          if (!disposal) return;
          const files = disposal === 'delete-files' && deleted.imagePaths.length ? ' and its files' : '';
          if (kept.length) {
            // Not every file went: say which stayed and why.
            const all = kept.length === deleted.imagePaths.length;
            this.notifier.success(
              `Album “${deleted.name}” deleted${all ? '' : ' with its other files'}. ${keptSentence(ALBUM_IMAGES, deleted, kept)}`,
            );
          } else this.notifier.success(`Album “${deleted.name}”${files} deleted.`);
        }),
        map((disposal) => !!disposal),
      );
  }

  /** Asks before something is lost; emits true when confirmed. */
  confirm(data: ConfirmDialogData): Observable<boolean> {
    return this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, width: '440px' })
      .afterClosed()
      .pipe(map((yes) => !!yes));
  }
}

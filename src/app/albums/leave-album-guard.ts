import { type Signal, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { CanDeactivateFn } from '@angular/router';
import { map } from 'rxjs';
import type { AlbumUploads } from './album-uploads';
import { type LeaveAlbumChoice, type LeaveAlbumData, LeaveAlbumDialog } from './dialogs/leave-album-dialog';

/** A page with an add batch that leaving would cancel. */
export interface AddingPage {
  readonly uploads: AlbumUploads;
  readonly albumName: Signal<string>;
}

/**
 * Leaving an album page while its add batch runs asks first: stay, or cancel the batch and leave.
 * With nothing running it asks nothing.
 */
export const leaveAlbumGuard: CanDeactivateFn<AddingPage> = (page) => {
  if (!page.uploads.batch()?.running) return true;
  return inject(MatDialog)
    .open<LeaveAlbumDialog, LeaveAlbumData, LeaveAlbumChoice>(LeaveAlbumDialog, {
      data: { uploads: page.uploads, albumName: page.albumName() },
      width: '480px',
      maxWidth: 'calc(100vw - 32px)',
    })
    .afterClosed()
    .pipe(map((choice) => choice === 'leave'));
};

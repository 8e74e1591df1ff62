import { type Signal, inject } from '@angular/core';
import { MatDialog, MatDialogState } from '@angular/material/dialog';
import type { CanDeactivateFn } from '@angular/router';
import { finalize, map } from 'rxjs';
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
  const ref = inject(MatDialog).open<LeaveAlbumDialog, LeaveAlbumData, LeaveAlbumChoice>(LeaveAlbumDialog, {
    data: { uploads: page.uploads, albumName: page.albumName() },
    width: '480px',
    maxWidth: 'calc(100vw - 32px)',
  });
  return ref.afterClosed().pipe(
    map((choice) => choice === 'leave'),
    // A newer navigation (the back button while it asks) drops this one: its question goes with it.
    finalize(() => ref.getState() === MatDialogState.OPEN && ref.close()),
  );
};

import type { Routes } from '@angular/router';
import { leaveAlbumGuard } from './leave-album-guard';

/** The Albums feature: the table, and one album's gallery. */
export const ALBUM_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./albums-page').then((m) => m.AlbumsPage) },
  {
    path: ':id',
    title: 'Album',
    loadComponent: () => import('./album-page').then((m) => m.AlbumPage),
    canDeactivate: [leaveAlbumGuard],
  },
];

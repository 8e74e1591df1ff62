import type { Routes } from '@angular/router';
import { permissionGuard } from '../core/auth/role-guard';

/** The Songs feature: the table, `new` (the create dialog over it; edit roles only) and one song. */
export const SONG_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./songs-page').then((m) => m.SongsPage) },
  {
    path: 'new',
    title: 'New song',
    canActivate: [permissionGuard('edit')],
    data: { openCreate: true },
    loadComponent: () => import('./songs-page').then((m) => m.SongsPage),
  },
  {
    path: ':id',
    title: 'Song',
    loadComponent: () => import('./song-detail-page').then((m) => m.SongDetailPage),
  },
];

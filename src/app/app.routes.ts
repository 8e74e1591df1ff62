import type { Routes } from '@angular/router';
import { guardByPermission } from './core/routing/feature-routes';

/**
 * Every page of the console. A feature is one entry: `data.nav` puts it in the side navigation
 * (in this order), `data.permission` hides the entry from roles without it and guards the route.
 * The tab title is `title`, else the nav label.
 */
export const routes: Routes = guardByPermission([
  { path: '', pathMatch: 'full', redirectTo: 'overview' },
  {
    path: 'overview',
    loadComponent: () => import('./overview/overview-page').then((m) => m.OverviewPage),
    data: { nav: { label: 'Overview', icon: 'dashboard' } },
  },
  {
    path: 'songs',
    title: 'Songs',
    data: { nav: { label: 'Songs', icon: 'library_music' }, permission: 'browse' },
    loadChildren: () => import('./songs/songs.routes').then((m) => m.SONG_ROUTES),
  },
  {
    path: 'albums',
    title: 'Albums',
    data: { nav: { label: 'Albums', icon: 'photo_library' }, permission: 'browse' },
    loadChildren: () => import('./albums/albums.routes').then((m) => m.ALBUM_ROUTES),
  },
  {
    path: 'orphans',
    title: 'Orphan report',
    data: { nav: { label: 'Orphan report', icon: 'find_in_page' }, permission: 'browse' },
    loadChildren: () => import('./orphans/orphans.routes').then((m) => m.ORPHAN_ROUTES),
  },
  {
    path: 'users',
    title: 'Users',
    data: { nav: { label: 'Users', icon: 'group' }, permission: 'manage-users' },
    loadComponent: () => import('./users/users-page').then((m) => m.UsersPage),
  },
  {
    path: 'not-allowed',
    title: 'Not allowed',
    loadComponent: () => import('./shared/not-allowed-page').then((m) => m.NotAllowedPage),
  },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./shared/not-found-page').then((m) => m.NotFoundPage),
  },
]);

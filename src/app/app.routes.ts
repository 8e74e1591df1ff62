import type { Routes } from '@angular/router';
import { USER_ADMIN_OPERATIONS } from './core/routing/feature-needs';
import { guardByPermission } from './core/routing/feature-routes';
import { lazyCanMatch, lazyResolve } from './core/routing/lazy-guards';

/** Discovery, loaded when a guard first needs it: what the backend's rules give groups the role table does not name. */
const discovery = () => import('./discovery/discovery-state').then((m) => m.DiscoveryState);
const modelGuards = () => import('./discovery/model-route-guards');

/**
 * Every page of the console. A feature is one entry: `data.nav` puts it in the side navigation
 * (in this order), `data.permission` hides the entry from roles without it and guards the route,
 * `data.needs` hides it, and makes its address unknown, on a backend without those file fields or
 * operations. `data.modelNav` stands for one entry per discovered model with file fields.
 * The tab title is `title`, else the nav label.
 */
export const routes: Routes = guardByPermission(
  [
    { path: '', pathMatch: 'full', redirectTo: 'overview' },
    {
      path: 'overview',
      loadComponent: () => import('./overview/overview-page').then((m) => m.OverviewPage),
      data: { nav: { label: 'Overview', icon: 'dashboard' } },
    },
    {
      path: 'songs',
      title: 'Songs',
      data: {
        nav: { label: 'Songs', icon: 'library_music' },
        permission: 'browse',
        needs: { fileFields: [{ model: 'Song', field: 'coverArtPath', kind: 'one' }] },
      },
      loadChildren: () => import('./songs/songs.routes').then((m) => m.SONG_ROUTES),
    },
    {
      path: 'albums',
      title: 'Albums',
      data: {
        nav: { label: 'Albums', icon: 'photo_library' },
        permission: 'browse',
        needs: { fileFields: [{ model: 'PhotoAlbum', field: 'imagePaths', kind: 'many' }] },
      },
      loadChildren: () => import('./albums/albums.routes').then((m) => m.ALBUM_ROUTES),
    },
    {
      // Any model of the backend; the side navigation lists those with file fields.
      path: 'records/:model',
      title: lazyResolve(() => modelGuards().then((m) => m.modelTitle)),
      canMatch: [lazyCanMatch(() => modelGuards().then((m) => m.modelMatch('readable')))],
      data: { modelNav: { icon: 'folder_open' } },
      loadChildren: () => import('./records/records.routes').then((m) => m.RECORD_ROUTES),
    },
    {
      // A model the signed-in groups may not read: which rule they lack. Unknown models are not found.
      path: 'records/:model',
      canMatch: [lazyCanMatch(() => modelGuards().then((m) => m.modelMatch('unreadable')))],
      loadChildren: () => import('./discovery/model-access.routes').then((m) => m.MODEL_ACCESS_ROUTES),
    },
    {
      path: 'orphans',
      title: 'Orphan report',
      data: { nav: { label: 'Orphan report', icon: 'find_in_page' }, permission: 'browse' },
      loadChildren: () => import('./orphans/orphans.routes').then((m) => m.ORPHAN_ROUTES),
    },
    {
      path: 'discovery',
      title: 'Data model',
      data: { nav: { label: 'Data model', icon: 'info' } },
      loadChildren: () => import('./discovery/discovery.routes').then((m) => m.DISCOVERY_ROUTES),
    },
    {
      path: 'users',
      title: 'Users',
      data: {
        nav: { label: 'Users', icon: 'group' },
        permission: 'manage-users',
        needs: { operations: USER_ADMIN_OPERATIONS },
      },
      loadComponent: () => import('./users/users-page').then((m) => m.UsersPage),
    },
    {
      path: 'activity',
      title: 'Activity',
      data: {
        nav: { label: 'Activity', icon: 'description' },
        permission: 'manage-users',
        needs: { models: ['AuditEvent'] },
      },
      loadComponent: () => import('./audit/activity-page').then((m) => m.ActivityPage),
    },
    {
      // ADMINS alone hold the bucket's version grants (amplify/backend.ts), as they alone see the whole audit trail.
      path: 'recently-deleted',
      title: 'Recently deleted',
      data: {
        nav: { label: 'Recently deleted', icon: 'delete_sweep' },
        permission: 'manage-users',
        needs: { models: ['AuditEvent'] },
      },
      loadComponent: () => import('./recovery/recently-deleted-page').then((m) => m.RecentlyDeletedPage),
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
  ],
  discovery,
);

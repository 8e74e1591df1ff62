import type { Routes } from '@angular/router';
import { permissionGuard } from '../core/auth/role-guard';

/** The orphan report (any role) and its clean-up (admins only). */
export const ORPHAN_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./orphans-page').then((m) => m.OrphansPage) },
  {
    path: 'cleanup',
    title: 'Clean up',
    canActivate: [permissionGuard('delete')],
    loadComponent: () => import('./cleanup-page').then((m) => m.CleanupPage),
  },
];

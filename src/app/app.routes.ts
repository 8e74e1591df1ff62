import type { Routes } from '@angular/router';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'overview' },
  {
    path: 'overview',
    title: 'Overview · Attachment Console',
    loadComponent: () => import('./overview/overview-page').then((m) => m.OverviewPage),
  },
  {
    path: 'not-allowed',
    title: 'Not allowed · Attachment Console',
    loadComponent: () => import('./shared/not-allowed-page').then((m) => m.NotAllowedPage),
  },
  { path: '**', redirectTo: 'overview' },
];

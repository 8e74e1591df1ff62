import type { Routes } from '@angular/router';

/** The Discovery page: what the console found in the backend, and what is left to settle. */
export const DISCOVERY_ROUTES: Routes = [
  { path: '', title: 'Discovery', loadComponent: () => import('./discovery-page').then((m) => m.DiscoveryPage) },
];

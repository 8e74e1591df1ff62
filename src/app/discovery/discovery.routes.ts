import type { Routes } from '@angular/router';

/** The Data model page (discovery): what the console found in the backend, and what is left to settle. */
export const DISCOVERY_ROUTES: Routes = [
  { path: '', title: 'Data model', loadComponent: () => import('./discovery-page').then((m) => m.DiscoveryPage) },
];

import type { Routes } from '@angular/router';

/** /records/:model for a model the signed-in groups may not read: the page that says which rule they lack. */
export const MODEL_ACCESS_ROUTES: Routes = [
  {
    path: '**',
    title: 'Not allowed',
    loadComponent: () => import('./model-access-page').then((m) => m.ModelAccessPage),
  },
];

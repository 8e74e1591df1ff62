import type { Routes } from '@angular/router';

/** Any discovered model, under `/records/:model`: its table, and one record by id. */
export const RECORD_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./records-page').then((m) => m.RecordsPage) },
  {
    path: ':id',
    title: 'Record',
    loadComponent: () => import('./record-detail-page').then((m) => m.RecordDetailPage),
  },
];

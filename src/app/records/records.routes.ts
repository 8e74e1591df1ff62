import type { Routes } from '@angular/router';

/**
 * The generic model screens under /records/:model (list, detail). A placeholder so the app routes
 * can load it; the screens' owner fills it in.
 */
export const RECORD_ROUTES: Routes = [];

import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { provideFileReferences } from './attachments/provide-file-references';
import { provideAuditTrail } from './audit/provide-audit-trail';
import { AppConfig } from './core/config/app-config';
import { AppTitleStrategy } from './core/routing/app-title-strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    { provide: TitleStrategy, useClass: AppTitleStrategy },
    // Before any workflow deletes a file, ask whether another record still uses it.
    provideFileReferences(),
    // Every change the record-and-file workflows make goes into the audit trail.
    provideAuditTrail(),
    // Configure Amplify from amplify_outputs.json before anything calls it.
    provideAppInitializer(() =>
      inject(AppConfig)
        .load()
        .then(() => undefined),
    ),
    provideAppInitializer(() => {
      // Material Symbols, the subset in src/icons (only the glyphs the console uses).
      inject(MatIconRegistry).setDefaultFontSetClass('material-symbols-outlined');
    }),
  ],
};

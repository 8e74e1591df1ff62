import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SignInPage } from './core/auth/sign-in-page';
import { Session } from './core/auth/session';
import { AppConfig } from './core/config/app-config';
import { SetupPage } from './core/config/setup-page';
import { Shell } from './shell/shell';
import { UnreachablePage } from './core/backend/unreachable-page';

/**
 * Root: the setup page without a usable outputs file; else the page the session's status calls for:
 * the shell, sign-in, or "the backend cannot be reached". Never a blank page. Every page is
 * deferred (the sign-in page with the Authenticator, and the setup and unreachable pages with
 * Material's buttons and cards), so the first load carries none of them.
 */
@Component({
  selector: 'app-root',
  imports: [SetupPage, Shell, SignInPage, UnreachablePage],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly config = inject(AppConfig);
  protected readonly session = inject(Session);

  constructor() {
    void this.session.ready();
    // The shell is a deferred block (a chunk of its own); fetch it while the session loads.
    void import('./shell/shell');
    // Fetched early too: once the backend is unreachable, the network may soon be as well.
    void import('./core/backend/unreachable-page');
  }
}

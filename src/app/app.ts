import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SignInPage } from './core/auth/sign-in-page';
import { Session } from './core/auth/session';
import { AppConfig } from './core/config/app-config';
import { SetupPage } from './core/config/setup-page';
import { Shell } from './shell/shell';

/** Root: the setup page without a usable backend; else sign-in when signed out, the shell when in. */
@Component({
  selector: 'app-root',
  imports: [SetupPage, Shell, SignInPage],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly config = inject(AppConfig);
  protected readonly session = inject(Session);

  constructor() {
    void this.session.ready();
  }
}

import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AmplifyAuthenticatorModule } from '@aws-amplify/ui-angular';
import { Session } from './session';
import { SESSION_END_MESSAGES } from './session-end';

/** The Authenticator's stylesheet, built as its own file (angular.json) so the first load skips it. */
export const AUTHENTICATOR_STYLES = 'amplify-ui.css';

/**
 * The Amplify Authenticator: sign in, reset password and the new-password challenge of an invited
 * person; no sign-up, the console is invite-only. A successful sign-in raises Amplify's `signedIn`
 * event, which the Session follows. The root component loads this page (and the Authenticator
 * with it) only when someone has to sign in. When the backend ended the session (the person was
 * disabled, removed or signed out everywhere), the page says so above the form.
 */
@Component({
  selector: 'app-sign-in-page',
  imports: [AmplifyAuthenticatorModule],
  template: `
    <main class="sign-in">
      <header>
        <h1>Attachment Console</h1>
        <p>Sign in to manage records and their files.</p>
      </header>
      @if (endMessage(); as message) {
        <p class="session-ended" role="alert">{{ message }}</p>
      }
      <!-- Invite-only: ADMINS create accounts on the Users page; the pool refuses sign-up. -->
      <amplify-authenticator [loginMechanisms]="['email']" [hideSignUp]="true" />
    </main>
  `,
  styles: `
    .sign-in {
      min-height: 100vh;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 16px;
      padding: 24px 8px;
      box-sizing: border-box;
    }
    header {
      text-align: center;
    }
    h1 {
      font: var(--mat-sys-headline-medium);
      margin: 0;
    }
    p {
      margin: 4px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
    amplify-authenticator {
      max-width: 100%;
    }
    .session-ended {
      box-sizing: border-box;
      max-width: 28rem;
      width: 100%;
      margin: 0;
      padding: 12px 16px;
      border-radius: 8px;
      font: var(--mat-sys-body-large);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {
  private readonly session = inject(Session);
  protected readonly endMessage = computed(() => {
    const reason = this.session.endReason();
    return reason ? SESSION_END_MESSAGES[reason] : '';
  });

  constructor() {
    const document = inject(DOCUMENT);
    if (!document.querySelector(`link[href="${AUTHENTICATOR_STYLES}"]`)) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = AUTHENTICATOR_STYLES;
      // Before the global styles, so their Material-palette overrides of the theme still win.
      document.head.prepend(link);
    }
  }
}

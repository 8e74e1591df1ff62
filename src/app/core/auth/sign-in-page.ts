import { ChangeDetectionStrategy, Component } from '@angular/core';
import { AmplifyAuthenticatorModule } from '@aws-amplify/ui-angular';

/**
 * The Amplify Authenticator (sign in, sign up, reset password, new-password challenge). A
 * successful sign-in raises Amplify's `signedIn` event, which the Session follows.
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
      <amplify-authenticator [loginMechanisms]="['email']" />
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
      padding: 24px;
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
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignInPage {}

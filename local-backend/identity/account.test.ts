import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import {
  autoSignIn,
  confirmResetPassword,
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  resendSignUpCode,
  resetPassword,
  signIn,
  signOut,
  signUp,
} from 'aws-amplify/auth';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { signInTokens } from '../testing/cognito-requests.ts';
import { loggedCode } from '../testing/logged-code.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';

// There is no mail: codes are written to the log at info level, so read them from there.
const logLines: string[] = [];

let backend: TestBackend;

before(async () => {
  // The sign-up flow of a pool with self sign-up on; amplify/ makes this app's pool invite-only
  // (user-admin.test.ts checks that SignUp is refused there).
  backend = await startTestBackend({ logLevel: 'info', selfSignUp: true }, (line) => logLines.push(line));
  Amplify.configure(toResourcesConfig(backend.outputs));
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend.stop();
});

test('sign up, confirm with the logged code, and be signed in automatically', async () => {
  const email = 'new.user@example.com';
  // The client arms a 3-minute auto-sign-in timer it never clears; unref it so this process can end.
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    const timer = realSetTimeout(fn, ms);
    if ((ms ?? 0) >= 60_000) timer.unref();
    return timer;
  }) as typeof setTimeout;
  const result = await signUp({
    username: email,
    password: 'Fresh-Start-77',
    options: { userAttributes: { email }, autoSignIn: true },
  }).finally(() => (globalThis.setTimeout = realSetTimeout));
  assert.equal(result.isSignUpComplete, false);
  assert.equal(result.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
  assert.ok(result.userId);

  await assert.rejects(confirmSignUp({ username: email, confirmationCode: '000000x' }), {
    name: 'CodeMismatchException',
  });

  await resendSignUpCode({ username: email });
  const confirmed = await confirmSignUp({
    username: email,
    confirmationCode: await loggedCode(logLines, 'Confirmation', email),
  });
  assert.equal(confirmed.isSignUpComplete, true);
  assert.equal(confirmed.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN');
  const signedIn = await autoSignIn();
  assert.equal(signedIn.isSignedIn, true);

  const attributes = await fetchUserAttributes();
  assert.equal(attributes.email, email);
  assert.equal(attributes.email_verified, 'true');
  assert.equal(attributes.sub, result.userId);
  const session = await fetchAuthSession();
  assert.equal(session.tokens?.idToken?.payload['cognito:groups'], undefined, 'a new user is in no group');
  await signOut();

  await assert.rejects(confirmSignUp({ username: email, confirmationCode: '123456' }), {
    name: 'NotAuthorizedException',
  });
});

test('an unconfirmed user is sent to confirm the sign-up', async () => {
  const email = 'later@example.com';
  await signUp({ username: email, password: 'Fresh-Start-77', options: { userAttributes: { email } } });
  // The client turns UserNotConfirmedException into a next step.
  const early = await signIn({ username: email, password: 'Fresh-Start-77' });
  assert.equal(early.isSignedIn, false);
  assert.equal(early.nextStep.signInStep, 'CONFIRM_SIGN_UP');
  await confirmSignUp({ username: email, confirmationCode: await loggedCode(logLines, 'Confirmation', email) });
  assert.equal((await signIn({ username: email, password: 'Fresh-Start-77' })).isSignedIn, true);
  await signOut();
  await assert.rejects(resendSignUpCode({ username: email }), { name: 'InvalidParameterException' });
});

test('sign-up refuses a taken email and a weak password', async () => {
  const [admin] = DEMO_ACCOUNTS;
  await assert.rejects(
    signUp({ username: admin.email, password: 'Another-Pass-1', options: { userAttributes: { email: admin.email } } }),
    { name: 'UsernameExistsException' },
  );
  await assert.rejects(
    signUp({
      username: 'weak@example.com',
      password: 'password',
      options: { userAttributes: { email: 'weak@example.com' } },
    }),
    { name: 'InvalidPasswordException' },
  );
});

test('forgot password: the logged code sets a new password and signs out other sessions', async () => {
  const email = 'forgetful@example.com';
  backend.identityService.userPool.createUser(email, 'Old-Password-1');
  // A session on another device, which the reset must end.
  const oldAccess = (await signInTokens(backend, email, 'Old-Password-1')).AccessToken;
  await backend.identity.verifyToken(oldAccess, 'access');

  const started = await resetPassword({ username: email });
  assert.equal(started.nextStep.resetPasswordStep, 'CONFIRM_RESET_PASSWORD_WITH_CODE');
  assert.equal(started.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
  await assert.rejects(
    confirmResetPassword({ username: email, confirmationCode: '999999', newPassword: 'New-Password-2' }),
    {
      name: 'CodeMismatchException',
    },
  );
  const code = await loggedCode(logLines, 'Password reset', email);
  await assert.rejects(confirmResetPassword({ username: email, confirmationCode: code, newPassword: 'weak' }), {
    name: 'InvalidPasswordException',
  });
  await confirmResetPassword({ username: email, confirmationCode: code, newPassword: 'New-Password-2' });

  await assert.rejects(signIn({ username: email, password: 'Old-Password-1' }), { name: 'NotAuthorizedException' });
  assert.equal((await signIn({ username: email, password: 'New-Password-2' })).isSignedIn, true);
  await assert.rejects(backend.identity.verifyToken(oldAccess), { reason: 'revoked' });
  await signOut();

  // User existence errors are prevented: an unknown user gets the answer a real one gets.
  const unknown = await resetPassword({ username: 'nobody@example.com' });
  assert.equal(unknown.nextStep.resetPasswordStep, 'CONFIRM_RESET_PASSWORD_WITH_CODE');
  assert.deepEqual(unknown.nextStep.codeDeliveryDetails, {
    destination: 'n***@e***',
    deliveryMedium: 'EMAIL',
    attributeName: 'email',
  });
});

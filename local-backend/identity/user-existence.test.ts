import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createLogger } from '../log.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { openIdentity } from './index.ts';

/*
 * Amplify deploys the user pool client with PreventUserExistenceErrors enabled: through the AWS
 * SDK (a client the app does not use), an unknown user must be indistinguishable from a known
 * one with a wrong password or code.
 */
const [ADMIN] = DEMO_ACCOUNTS;
const UNKNOWN = 'nobody-here@example.com';
let backend: TestBackend;
let cognito: CognitoIdentityProviderClient;
let clientId: string;

before(async () => {
  // The sign-up cases need a pool with self sign-up on; amplify/ makes it admin-create-only.
  backend = await startTestBackend({ selfSignUp: true });
  clientId = backend.identity.userPoolClientId;
  cognito = new CognitoIdentityProviderClient({
    region: backend.identity.region,
    endpoint: `${backend.baseUrl}/cognito-idp`,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 1,
  });
});

after(async () => {
  cognito.destroy();
  await backend.stop();
});

/** What the caller sees of a refusal: the error's name and message. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return { name: (err as Error).name, message: (err as Error).message };
  }
  assert.fail('expected a refusal');
}

const passwordAuth = (username: string, password: string) =>
  cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

const srpStart = (username: string) =>
  cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_SRP_AUTH',
      // Any A in the group will do: the answer is checked against a signature that is wrong anyway.
      AuthParameters: { USERNAME: username, SRP_A: 'abcdef0123456789'.repeat(24) },
    }),
  );

describe('user existence errors are prevented, as the synthesized app client sets it', () => {
  test('the synthesized client enables PreventUserExistenceErrors', () => {
    // Read from the AWS::Cognito::UserPoolClient resource that synthesis produced.
    assert.equal(backend.identityService.userPool.preventsUserExistenceErrors, true);
  });

  test('USER_PASSWORD_AUTH: an unknown user gets what a wrong password gets', async () => {
    const wrongPassword = await refusal(passwordAuth(ADMIN!.email, 'Wrong-Password-1'));
    const unknownUser = await refusal(passwordAuth(UNKNOWN, 'Wrong-Password-1'));
    assert.deepEqual(unknownUser, { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    assert.deepEqual(unknownUser, wrongPassword);
  });

  test('USER_SRP_AUTH: an unknown user gets a challenge like a real one (same salt every time), then the generic refusal', async () => {
    const real = await srpStart(ADMIN!.email);
    const first = await srpStart(UNKNOWN);
    const second = await srpStart(UNKNOWN);
    assert.equal(first.ChallengeName, 'PASSWORD_VERIFIER');
    const params = first.ChallengeParameters!;
    assert.deepEqual(Object.keys(params).sort(), Object.keys(real.ChallengeParameters!).sort());
    assert.match(params['SALT']!, /^[0-9a-f]{32}$/);
    assert.match(params['USER_ID_FOR_SRP']!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(second.ChallengeParameters!['SALT'], params['SALT'], 'a salt that changed would give the user away');
    assert.equal(second.ChallengeParameters!['USER_ID_FOR_SRP'], params['USER_ID_FOR_SRP']);
    assert.notEqual(second.ChallengeParameters!['SRP_B'], params['SRP_B']);

    const answer = (challenge: typeof first) =>
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: {
            USERNAME: challenge.ChallengeParameters!['USER_ID_FOR_SRP']!,
            PASSWORD_CLAIM_SECRET_BLOCK: challenge.ChallengeParameters!['SECRET_BLOCK']!,
            PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32, 7).toString('base64'),
            TIMESTAMP: 'Tue Nov 25 13:00:00 UTC 2026',
          },
        }),
      );
    const unknownUser = await refusal(answer(first));
    assert.deepEqual(unknownUser, { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    assert.deepEqual(unknownUser, await refusal(answer(real)));
  });

  test('forgot password: an unknown user is told a code was sent, as a real user is', async () => {
    const real = await cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: ADMIN!.email }));
    const unknown = await cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: UNKNOWN }));
    assert.deepEqual(unknown.CodeDeliveryDetails, {
      Destination: 'n***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    assert.deepEqual(Object.keys(unknown.CodeDeliveryDetails!).sort(), Object.keys(real.CodeDeliveryDetails!).sort());

    const confirm = (username: string) =>
      cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: username,
          ConfirmationCode: '000000',
          Password: 'Another-Password-9',
        }),
      );
    const unknownUser = await refusal(confirm(UNKNOWN));
    assert.equal(unknownUser.name, 'CodeMismatchException');
    assert.deepEqual(unknownUser, await refusal(confirm(ADMIN!.email)));
  });

  test('resend and confirm sign-up codes: an unknown user is answered as an unconfirmed one', async () => {
    const pending = 'pending.user@example.com';
    await cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: pending,
        Password: 'Pending-Password-1',
        UserAttributes: [{ Name: 'email', Value: pending }],
      }),
    );
    const real = await cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: pending }));
    const unknown = await cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: UNKNOWN }));
    assert.equal(real.CodeDeliveryDetails?.Destination, 'p***@e***');
    assert.deepEqual(unknown.CodeDeliveryDetails, {
      Destination: 'n***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });

    const confirm = (username: string) =>
      cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: '000000' }));
    const unknownUser = await refusal(confirm(UNKNOWN));
    assert.equal(unknownUser.name, 'CodeMismatchException');
    assert.deepEqual(unknownUser, await refusal(confirm(pending)));
  });
});

test('with the setting off (LEGACY), an unknown user gets UserNotFoundException', async () => {
  const silent = createLogger('error', () => undefined);
  const id = openIdentity(backend.dataDir, backend.baseUrl, silent, { preventUserExistenceErrors: false });
  try {
    await assert.rejects(
      id.userPool.handle('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: UNKNOWN, SRP_A: 'ab' },
      }),
      { type: 'UserNotFoundException' },
    );
    await assert.rejects(id.userPool.handle('ForgotPassword', { ClientId: clientId, Username: UNKNOWN }), {
      type: 'UserNotFoundException',
    });
  } finally {
    id.store.close();
  }
});

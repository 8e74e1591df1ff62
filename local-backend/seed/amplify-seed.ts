/**
 * What `@aws-amplify/seed` is for a seed script the local backend runs (seed-child.ts routes the
 * script's import here): the same functions, arguments, Cognito calls and errors, with two
 * differences the package cannot be made to follow offline. The package finds the user pool by
 * asking CloudFormation for the sandbox stack's outputs, and keeps secrets in SSM Parameter
 * Store; the local backend speaks neither, so the pool comes from this backend's outputs and the
 * secrets from `secrets.json` in its data directory. It also notes each account it makes (with
 * its password and groups) so the backend can print them: they are the demo logins.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthOutputs, AuthSignUp, AuthUser, AuthUserGroupInput } from '@aws-amplify/seed';
import * as auth from 'aws-amplify/auth';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export type { AuthOutputs, AuthSignUp, AuthUser, AuthUserGroupInput };

/**
 * The shape of the package's errors (@aws-amplify/platform-core's AmplifyUserError: a name, a
 * message, a resolution), without loading the CLI packages that class brings along.
 */
export class AmplifyUserError extends Error {
  readonly classification = 'ERROR';
  readonly resolution: string;
  constructor(name: string, options: { message: string; resolution: string }, cause?: Error) {
    super(options.message, { cause });
    this.name = name;
    this.resolution = options.resolution;
  }
}

/** An account the seed made, as the backend prints it. */
export interface SeededAccount {
  username: string;
  password: string;
  groups: string[];
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run seed scripts through the local backend (npm run backend).`);
  return value;
}

function authConfig(): { userPoolId: string; groups: string[] } {
  const outputs = JSON.parse(readFileSync(env('LOCAL_BACKEND_SEED_OUTPUTS'), 'utf8')) as {
    auth?: { user_pool_id: string; groups?: Record<string, unknown>[] };
  };
  if (!outputs.auth) {
    throw new AmplifyUserError('MissingAuthError', {
      message: 'Outputs for Auth are missing, you may be missing an Auth resource',
      resolution: 'Create an Auth resource (amplify/auth/resource.ts) for your Amplify app',
    });
  }
  return { userPoolId: outputs.auth.user_pool_id, groups: (outputs.auth.groups ?? []).flatMap((g) => Object.keys(g)) };
}

const cognito = () => new CognitoIdentityProviderClient();

function readJson<T>(file: string, empty: T): T {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : empty;
}

function noteAccount(change: (accounts: SeededAccount[]) => void): void {
  const file = env('LOCAL_BACKEND_SEED_ACCOUNTS');
  const accounts = readJson<SeededAccount[]>(file, []);
  change(accounts);
  writeFileSync(file, JSON.stringify(accounts, null, 2));
}

/** Creates a user (AdminCreateUser, no invitation mail) and signs them up to their own password. */
export async function createAndSignUpUser(newUser: AuthSignUp): Promise<AuthOutputs> {
  const config = authConfig();
  try {
    await auth.signOut();
    const temporaryPassword = `Temp1@${randomUUID()}`;
    const a = newUser.userAttributes ?? {};
    const attributes: Record<string, string | undefined> = {
      address: a.address,
      birthdate: a.birthdate,
      email: a.email,
      family_name: a.familyName,
      gender: a.gender,
      given_name: a.givenName,
      locale: a.locale,
      middle_name: a.middleName,
      name: a.name,
      nickname: a.nickname,
      phone_number: a.phoneNumber,
      picture: a.picture,
      preferred_username: a.preferredUsername,
      profile: a.profile,
      zoneinfo: a.zoneinfo,
      updated_at: a.updatedAt,
      website: a.website,
    };
    try {
      await cognito().send(
        new AdminCreateUserCommand({
          UserPoolId: config.userPoolId,
          Username: newUser.username,
          TemporaryPassword: temporaryPassword,
          MessageAction: 'SUPPRESS',
          UserAttributes: Object.entries(attributes)
            .filter((e): e is [string, string] => e[1] !== undefined)
            .map(([Name, Value]) => ({ Name, Value })),
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'UsernameExistsException') {
        throw new AmplifyUserError(
          'UsernameExistsError',
          {
            message: `A user called ${newUser.username} already exists.`,
            resolution: 'Give this user a different name',
          },
          err as Error,
        );
      }
      throw err;
    }
    if (newUser.signInFlow === 'MFA') {
      throw new AmplifyUserError('MFANotConfiguredError', {
        message: `The local backend has no MFA: ${newUser.username} cannot be created with the MFA flow.`,
        resolution: `Create ${newUser.username} with signInFlow: 'Password'.`,
      });
    }
    const first = await auth.signIn({ username: newUser.username, password: temporaryPassword });
    if (first.nextStep.signInStep !== 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED') {
      throw new Error(`Signing ${newUser.username} up stopped at ${first.nextStep.signInStep}`);
    }
    await auth.confirmSignIn({ challengeResponse: newUser.password });
    noteAccount((accounts) => accounts.push({ username: newUser.username, password: newUser.password, groups: [] }));
    return { signInFlow: newUser.signInFlow, username: newUser.username };
  } finally {
    if (!newUser.signInAfterCreation) await auth.signOut();
  }
}

/** Adds a user to one of the pool's groups (AdminAddUserToGroup). */
export async function addToUserGroup(user: AuthUserGroupInput, group: string): Promise<void> {
  const config = authConfig();
  if (!config.groups.includes(group)) {
    throw new AmplifyUserError('NoGroupError', {
      message: `There is no group called ${group} in this userpool.`,
      resolution: `Either create a group called ${group} or assign this user to a group that exists on this userpool.`,
    });
  }
  try {
    await cognito().send(
      new AdminAddUserToGroupCommand({ UserPoolId: config.userPoolId, Username: user.username, GroupName: group }),
    );
  } catch (err) {
    if ((err as Error).name === 'UserNotFoundException') {
      throw new AmplifyUserError(
        'UserNotFoundError',
        {
          message: `The user, ${user.username}, does not exist`,
          resolution: `Create a user called ${user.username} or try again with a different user`,
        },
        err as Error,
      );
    }
    throw err;
  }
  noteAccount((accounts) => {
    const account = accounts.find((a) => a.username === user.username);
    if (account && !account.groups.includes(group)) account.groups.push(group);
  });
}

/** Signs a user in with their password; true once signed in. */
export async function signInUser(user: AuthUser): Promise<boolean> {
  await auth.signOut();
  if (user.signInFlow === 'MFA') {
    throw new AmplifyUserError('MFANotConfiguredError', {
      message: `The local backend has no MFA: sign ${user.username} in with signInFlow: 'Password'.`,
      resolution: "Use signInFlow: 'Password'.",
    });
  }
  try {
    const result = await auth.signIn({ username: user.username, password: user.password });
    return result.nextStep.signInStep === 'DONE';
  } catch (err) {
    if ((err as Error).name === 'UserNotFoundException') {
      throw new AmplifyUserError(
        'UserExistsError',
        { message: `${user.username} does not exist`, resolution: `Create a user called ${user.username}` },
        err as Error,
      );
    }
    throw err;
  }
}

export async function getSecret(secretName: string): Promise<string> {
  const file = env('LOCAL_BACKEND_SEED_SECRETS');
  const value = readJson<Record<string, string>>(file, {})[secretName];
  if (value === undefined) {
    throw new AmplifyUserError('SecretNotFoundError', {
      message: `The local backend has no secret called ${secretName}.`,
      resolution: `Add "${secretName}": "<value>" to ${file} (the local stand-in for \`npx ampx sandbox secret set\`).`,
    });
  }
  return value;
}

export async function setSecret(secretName: string, secretValue: string): Promise<string> {
  const file = env('LOCAL_BACKEND_SEED_SECRETS');
  writeFileSync(
    file,
    JSON.stringify({ ...readJson<Record<string, string>>(file, {}), [secretName]: secretValue }, null, 2),
  );
  return secretName;
}

import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Schema } from '../../data/resource';
import { groupsOf as groupsIn, rolesOf, ROLES, strongest } from './roles';

/** What AppSync sends a function data source for a custom query or mutation. */
export interface UserAdminEvent {
  typeName?: string;
  fieldName?: string;
  info?: { fieldName: string };
  arguments: Record<string, unknown>;
  identity?: { sub?: string; username?: string; groups?: string[] | null } | null;
}

type ManagedUser = NonNullable<Schema['ManagedUser']['type']>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A refusal whose message is meant for the person at the console. */
export class UserAdminError extends Error {
  override name = 'UserAdminError';
}

// The SDK reads region, credentials and (locally) AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
// from the environment the function runs in.
let client: CognitoIdentityProviderClient | undefined;
const cognito = () => (client ??= new CognitoIdentityProviderClient({}));
const poolId = () => {
  const id = process.env['AMPLIFY_AUTH_USERPOOL_ID'];
  if (!id) throw new Error('AMPLIFY_AUTH_USERPOOL_ID is not set: the function was not granted access to auth');
  return id;
};

export const handler = async (event: UserAdminEvent): Promise<unknown> => {
  const field = event.fieldName ?? event.info?.fieldName;
  const args = event.arguments ?? {};
  try {
    switch (field) {
      case 'listUsers':
        return await listUsers(optionalString(args['search']), args['limit'], optionalString(args['nextToken']));
      case 'inviteUser':
        return await inviteUser(requiredString(args['email'], 'email'), requiredString(args['role'], 'role'));
      case 'setUserRole':
        return await setUserRole(
          event,
          requiredString(args['username'], 'username'),
          requiredString(args['role'], 'role'),
        );
      case 'disableUser':
        return await setEnabled(event, requiredString(args['username'], 'username'), false);
      case 'enableUser':
        return await setEnabled(event, requiredString(args['username'], 'username'), true);
      case 'removeUser':
        return await removeUser(event, requiredString(args['username'], 'username'));
      default:
        throw new UserAdminError(`user-admin does not handle ${field ?? '(no field name)'}`);
    }
  } catch (err) {
    throw explain(err);
  }
};

async function listUsers(search: string | undefined, limit: unknown, nextToken: string | undefined) {
  const size = limit === undefined || limit === null ? 20 : Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > 60) throw new UserAdminError('limit must be from 1 to 60');
  const term = search?.trim().replace(/["\\]/g, '');
  const page = await cognito().send(
    new ListUsersCommand({
      UserPoolId: poolId(),
      Limit: size,
      PaginationToken: nextToken || undefined,
      Filter: term ? `email ^= "${term}"` : undefined,
    }),
  );
  const found = page.Users ?? [];
  const roles = await rolesOf(
    cognito(),
    poolId(),
    found.map((u) => u.Username!),
  );
  const users = found.map((u) => toManaged(u, roles.get(u.Username!) ?? null));
  return { users, nextToken: page.PaginationToken ?? null };
}

async function inviteUser(rawEmail: string, rawRole: string): Promise<ManagedUser> {
  const email = rawEmail.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new UserAdminError(`"${rawEmail}" is not an email address`);
  const role = checkRole(rawRole);
  const created = await cognito().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId(),
      Username: email,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
  const username = created.User!.Username!;
  try {
    await addToGroup(username, role);
  } catch (err) {
    // Nobody is left without a role: the new account goes again, so the invite can be retried.
    await cognito()
      .send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: username }))
      .catch((undo) => {
        throw new UserAdminError(
          `${email} was created but could not be given the role ${role}, nor removed again ` +
            `(${describe(undo)}): give them a role or remove them on the Users page`,
        );
      });
    throw err;
  }
  return toManaged(created.User!, role);
}

async function setUserRole(event: UserAdminEvent, username: string, rawRole: string): Promise<ManagedUser> {
  const role = checkRole(rawRole);
  const groups = await groupsOf(username);
  if (role !== 'ADMINS' && groups.includes('ADMINS')) {
    if (isCaller(event, username)) throw new UserAdminError('You cannot take away your own ADMINS role');
    if ((await adminCount()) <= 1) throw new UserAdminError('The last ADMIN cannot be given another role');
  }
  // The new group first: at no moment is the person without a role.
  if (!groups.includes(role)) await addToGroup(username, role);
  for (const g of groups.filter((g) => g !== role)) {
    await cognito().send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId(), Username: username, GroupName: g }),
    );
  }
  return userByName(username);
}

async function setEnabled(event: UserAdminEvent, username: string, enabled: boolean): Promise<ManagedUser> {
  if (!enabled && isCaller(event, username)) throw new UserAdminError('You cannot disable your own account');
  await userByName(username); // a clear message when the person is gone
  const input = { UserPoolId: poolId(), Username: username };
  await cognito().send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
  return userByName(username);
}

async function removeUser(event: UserAdminEvent, username: string): Promise<string> {
  if (isCaller(event, username)) throw new UserAdminError('You cannot remove your own account');
  await cognito().send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: username }));
  return username;
}

async function userByName(username: string): Promise<ManagedUser> {
  const found = await cognito().send(
    new ListUsersCommand({ UserPoolId: poolId(), Filter: `username = "${username.replace(/["\\]/g, '')}"`, Limit: 1 }),
  );
  const user = found.Users?.[0];
  if (!user) throw new UserAdminError(`No user ${username}: they may have been removed by someone else`);
  return toManaged(user, await roleOf(username));
}

async function adminCount(): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await cognito().send(
      new ListUsersInGroupCommand({ UserPoolId: poolId(), GroupName: 'ADMINS', NextToken: token, Limit: 60 }),
    );
    count += page.Users?.length ?? 0;
    token = page.NextToken;
  } while (token);
  return count;
}

const groupsOf = (username: string) => groupsIn(cognito(), poolId(), username);

/** The role shown is the strongest group the person is in (ADMINS before OPERATORS before VIEWERS). */
const roleOf = async (username: string) => strongest(await groupsOf(username));

function addToGroup(username: string, role: string) {
  return cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: username, GroupName: role }));
}

function toManaged(u: UserType, role: string | null): ManagedUser {
  const attr = (name: string) => u.Attributes?.find((a) => a.Name === name)?.Value ?? null;
  return {
    username: u.Username!,
    email: attr('email'),
    status: u.UserStatus ?? null,
    role,
    enabled: u.Enabled ?? true,
    createdAt: u.UserCreateDate ? new Date(u.UserCreateDate).toISOString() : null,
  };
}

function isCaller(event: UserAdminEvent, username: string): boolean {
  const id = event.identity;
  return !!id && (id.username === username || id.sub === username);
}

function checkRole(role: string): (typeof ROLES)[number] {
  const found = ROLES.find((r) => r === role);
  if (!found) throw new UserAdminError(`Unknown role "${role}": choose ${ROLES.join(', ')}`);
  return found;
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new UserAdminError(`${name} is required`);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Cognito's refusals in words for the console; anything else goes up as it is. */
function explain(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof UserAdminError) return err;
  switch (err.name) {
    case 'UsernameExistsException':
      return new UserAdminError('A user with that email already exists');
    case 'UserNotFoundException':
      return new UserAdminError('That user no longer exists: they may have been removed by someone else');
    case 'InvalidParameterException':
      return new UserAdminError(err.message);
    default:
      return err;
  }
}

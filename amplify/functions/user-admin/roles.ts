import {
  AdminListGroupsForUserCommand,
  ListUsersInGroupCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

/** The role groups, strongest first: a person in several has the first one's role. */
export const ROLES = ['ADMINS', 'OPERATORS', 'VIEWERS'] as const;
export type Role = (typeof ROLES)[number];

/** The role shown for a set of groups: the strongest of them, or none. */
export const strongest = (groups: readonly string[]): Role | null => ROLES.find((r) => groups.includes(r)) ?? null;

/** One person's groups (one Cognito call). */
export async function groupsOf(cognito: CognitoIdentityProviderClient, poolId: string, username: string) {
  const out = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: username }));
  return (out.Groups ?? []).map((g) => g.GroupName!);
}

/**
 * The role of each of `usernames` (a page of ListUsers) from the role groups' member lists: the
 * groups are read strongest first, 60 members a request, and reading stops as soon as everyone
 * still open is found. So a page costs a few requests however many people it shows, where asking
 * per person (AdminListGroupsForUser) costs one each and soon meets Cognito's request-rate quotas.
 *
 * Someone in no group is only known after all three lists are read to the end. When the lists
 * are so long that reading on would cost more requests than asking for the people still open,
 * those few are asked for one by one: a page never costs more than about twice its size.
 */
export async function rolesOf(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  usernames: readonly string[],
): Promise<Map<string, Role | null>> {
  const roles = new Map<string, Role | null>();
  const open = new Set(usernames);
  let requests = 0;
  for (const role of ROLES) {
    let token: string | undefined;
    do {
      if (open.size === 0) return roles;
      if (requests >= open.size) return askEach(cognito, poolId, open, roles);
      requests++;
      const page = await cognito.send(
        new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: role, Limit: 60, NextToken: token }),
      );
      for (const user of page.Users ?? []) {
        if (open.delete(user.Username!)) roles.set(user.Username!, role);
      }
      token = page.NextToken;
    } while (token);
  }
  for (const username of open) roles.set(username, null);
  return roles;
}

async function askEach(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  open: ReadonlySet<string>,
  roles: Map<string, Role | null>,
): Promise<Map<string, Role | null>> {
  const found = await Promise.all(
    [...open].map(async (u) => {
      try {
        return [u, strongest(await groupsOf(cognito, poolId, u))] as const;
      } catch (err) {
        // Removed since the page was listed: shown without a role rather than failing the page.
        if ((err as Error).name === 'UserNotFoundException') return [u, null] as const;
        throw err;
      }
    }),
  );
  for (const [username, role] of found) roles.set(username, role);
  return roles;
}

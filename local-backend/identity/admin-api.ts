import { randomBytes, randomInt } from 'node:crypto';
import type { Logger } from '../log.ts';
import { verifyCognitoSignature, type SigningCredentials } from './admin-signature.ts';
import { page, parseFilter, type Paging } from './list-users.ts';
import { CognitoError, invalidParameter, notAuthorized, requiredString } from './errors.ts';
import type { IdentityStore, UserRow } from './store.ts';
import type { UserPool } from './user-pool.ts';

type Body = Record<string, unknown>;

/** The admin actions of the Cognito user pool API served locally (IAM action = cognito-idp:<name>). */
export const ADMIN_ACTIONS = [
  'AdminCreateUser',
  'AdminGetUser',
  'AdminAddUserToGroup',
  'AdminRemoveUserFromGroup',
  'AdminListGroupsForUser',
  'ListUsers',
  'ListUsersInGroup',
  'AdminDisableUser',
  'AdminEnableUser',
  'AdminDeleteUser',
  'AdminUserGlobalSignOut',
] as const;

/** Credentials of an IAM role (a function's execution role), with the cognito-idp actions it is allowed. */
export interface RoleCredentials extends SigningCredentials {
  principal: string;
  allowed: ReadonlySet<string>;
}

export interface AdminSettings {
  region: string;
  userPoolId: string;
  groups: string[];
  /** AdminCreateUserConfig.AllowAdminCreateUserOnly of the synthesized pool. */
  adminCreateUserOnly: boolean;
}

const ACCOUNT = '000000000000';

/**
 * Cognito's admin API on the local user pool, for code running with IAM credentials (the
 * user-admin function): every request SigV4-checked and refused unless the caller's role was
 * granted the action. Also the pool-level rules that go with it: no SignUp on an
 * admin-create-only pool, and a disabled user neither signs in nor refreshes.
 */
export class AdminApi {
  private readonly roles = new Map<string, RoleCredentials>();
  /** Signs page tokens; kept in the store, so a token still works after a restart. */
  private readonly pagingSecret: string;

  constructor(
    private readonly store: IdentityStore,
    private readonly pool: UserPool,
    private readonly settings: AdminSettings,
    private readonly log: Logger,
    /** Credentials the identity pool issued (a signed-in user's role: no admin action granted). */
    private readonly issued: (accessKeyId: string) => SigningCredentials | undefined = () => undefined,
  ) {
    this.pagingSecret = store.metaOrCreate('pagingSecret', () => randomBytes(32).toString('base64url'));
  }

  isAdminAction(operation: string): boolean {
    return (ADMIN_ACTIONS as readonly string[]).includes(operation);
  }

  /** Temporary credentials for a role allowed `actions` (IAM names, e.g. cognito-idp:ListUsers). */
  issueRoleCredentials(principal: string, actions: Iterable<string>, ttlSeconds = 12 * 3600): RoleCredentials {
    const creds: RoleCredentials = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
      expiration: new Date(Date.now() + ttlSeconds * 1000),
      principal,
      allowed: new Set(actions),
    };
    this.roles.set(creds.accessKeyId, creds);
    return creds;
  }

  /** AdminDisableUser / AdminEnableUser: a disabled user's tokens are revoked, as Cognito does. */
  setDisabled(sub: string, disabled: boolean): void {
    this.store.setDisabled(sub, disabled);
    if (disabled) this.store.signOutEverywhere(sub);
  }

  isDisabled(sub: string): boolean {
    return this.store.isDisabled(sub);
  }

  /** Refusals that come before the user pool's own handling of a public (unsigned) operation. */
  gate(operation: string, body: Body): void {
    if (operation === 'SignUp' && this.settings.adminCreateUserOnly) {
      throw notAuthorized('SignUp is not permitted for this user pool');
    }
    const params = (body['AuthParameters'] ?? {}) as Record<string, string>;
    const refresh =
      operation === 'GetTokensFromRefreshToken'
        ? body['RefreshToken']
        : operation === 'InitiateAuth' && /^REFRESH_TOKEN/.test(String(body['AuthFlow']))
          ? params['REFRESH_TOKEN']
          : undefined;
    if (typeof refresh === 'string') {
      const row = this.store.refreshToken(refresh);
      if (row && this.isDisabled(row.sub)) throw notAuthorized('User is disabled.');
    }
  }

  /** After the pool answered a sign-in step: a disabled user gets no tokens (nor learns it without the password). */
  afterSignIn(operation: string, body: Body): void {
    if (operation !== 'RespondToAuthChallenge') return;
    const name = ((body['ChallengeResponses'] ?? {}) as Record<string, string>)['USERNAME'];
    const user = name ? this.store.userByEmailOrSub(name) : undefined;
    if (user && this.isDisabled(user.sub)) {
      this.store.signOutEverywhere(user.sub);
      throw notAuthorized('User is disabled.');
    }
  }

  async handle(
    operation: string,
    request: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string },
    body: Body,
  ): Promise<Body> {
    const creds = await verifyCognitoSignature(request, (key) => this.roles.get(key) ?? this.issued(key));
    const action = `cognito-idp:${operation}`;
    const allowed = 'allowed' in creds ? (creds as RoleCredentials).allowed : new Set<string>();
    const resource = `arn:aws:cognito-idp:${this.settings.region}:${ACCOUNT}:userpool/${this.settings.userPoolId}`;
    if (!allowed.has(action)) {
      const who = 'principal' in creds ? (creds as RoleCredentials).principal : 'identity-pool role';
      throw new CognitoError(
        'AccessDeniedException',
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/${who} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
      );
    }
    const poolId = requiredString(body, 'UserPoolId');
    if (poolId !== this.settings.userPoolId) {
      throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
    }
    return this.run(operation, body);
  }

  private run(operation: string, body: Body): Body {
    switch (operation) {
      case 'AdminCreateUser':
        return { User: this.userType(this.createUser(body)) };
      case 'AdminGetUser': {
        const { Attributes, ...user } = this.userType(this.user(body));
        return { ...user, UserAttributes: Attributes };
      }
      case 'AdminAddUserToGroup':
        this.store.addToGroup(this.user(body).sub, this.group(body));
        return {};
      case 'AdminRemoveUserFromGroup':
        this.store.removeFromGroup(this.user(body).sub, this.group(body));
        return {};
      case 'AdminListGroupsForUser':
        return { Groups: this.store.groupsOf(this.user(body).sub).map((g) => this.groupType(g)) };
      case 'ListUsers': {
        const filter = parseFilter(body['Filter']);
        const users = this.store.listUsers().filter((u) => !filter || filter(this.attributes(u)));
        const paging = this.paging(`ListUsers ${String(body['Filter'] ?? '')}`, 'PaginationToken');
        const { items, next } = page(users, body['Limit'], body['PaginationToken'], paging);
        return { Users: items.map((u) => this.userType(u)), ...(next ? { PaginationToken: next } : {}) };
      }
      case 'ListUsersInGroup': {
        const group = this.group(body);
        const paging = this.paging(`ListUsersInGroup ${group}`, 'NextToken');
        const { items, next } = page(this.store.usersInGroup(group), body['Limit'], body['NextToken'], paging);
        return { Users: items.map((u) => this.userType(u)), ...(next ? { NextToken: next } : {}) };
      }
      case 'AdminDisableUser':
        this.setDisabled(this.user(body).sub, true);
        return {};
      case 'AdminEnableUser':
        this.setDisabled(this.user(body).sub, false);
        return {};
      case 'AdminUserGlobalSignOut':
        this.store.signOutEverywhere(this.user(body).sub);
        return {};
      case 'AdminDeleteUser': {
        const user = this.user(body);
        this.store.deleteUser(user.sub);
        return {};
      }
      default:
        throw new CognitoError('InvalidAction', `The local user pool does not support ${operation}`);
    }
  }

  private createUser(body: Body): UserRow {
    const attrs = new Map(
      ((body['UserAttributes'] ?? []) as { Name: string; Value: string }[]).map((a) => [a.Name, a.Value]),
    );
    const username = requiredString(body, 'Username');
    const email = attrs.get('email') ?? username;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidParameter('Invalid email address format.');
    if (body['MessageAction'] === 'RESEND') throw invalidParameter('MessageAction RESEND is not supported locally');
    const given = body['TemporaryPassword'];
    const password = typeof given === 'string' && given ? given : temporaryPassword();
    const user = this.pool.createUser(email, password, 'FORCE_CHANGE_PASSWORD');
    if (body['MessageAction'] !== 'SUPPRESS') {
      // Locally there is no mail: the invitation is the log line.
      this.log.info(`Invitation for ${email}: temporary password ${password} (first sign-in asks for a new one)`);
    }
    return user;
  }

  private paging(scope: string, tokenName: string): Paging<UserRow> {
    // Email order, as the console shows people; the sub breaks ties between emails alike but for case.
    return { secret: this.pagingSecret, scope, tokenName, key: (u) => `${u.email.toLowerCase()}\u0000${u.sub}` };
  }

  private user(body: Body): UserRow {
    const user = this.store.userByEmailOrSub(requiredString(body, 'Username'));
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  private group(body: Body): string {
    const group = requiredString(body, 'GroupName');
    if (!this.settings.groups.includes(group)) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return group;
  }

  private groupType(name: string) {
    return {
      GroupName: name,
      UserPoolId: this.settings.userPoolId,
      Precedence: this.settings.groups.indexOf(name),
    };
  }

  private attributes(u: UserRow): Record<string, string> {
    return {
      username: u.sub,
      sub: u.sub,
      email: u.email,
      'cognito:user_status': u.status,
      status: this.isDisabled(u.sub) ? 'Disabled' : 'Enabled',
    };
  }

  private userType(u: UserRow) {
    return {
      Username: u.sub,
      Attributes: [
        { Name: 'sub', Value: u.sub },
        { Name: 'email', Value: u.email },
        { Name: 'email_verified', Value: 'true' },
      ],
      UserCreateDate: u.created_at,
      UserLastModifiedDate: u.updated_at,
      Enabled: !this.isDisabled(u.sub),
      UserStatus: u.status,
    };
  }
}

/** A password that meets the pool's policy, as Cognito generates for invitations. */
function temporaryPassword(): string {
  const pick = (chars: string) => chars[randomInt(chars.length)]!;
  const parts = [
    pick('ABCDEFGHJKLMNPQRSTUVWXYZ'),
    pick('abcdefghijkmnopqrstuvwxyz'),
    pick('23456789'),
    pick('!#%+-=?@^_'),
    ...Array.from({ length: 8 }, () => pick('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789')),
  ];
  for (let i = parts.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  return parts.join('');
}

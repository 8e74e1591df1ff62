import { randomBytes, randomUUID } from 'node:crypto';
import type { AssumedRole, IssuedCredentials } from './api.ts';
import { CognitoError } from './errors.ts';
import type { IdentityStore } from './store.ts';
import type { UserPool } from './user-pool.ts';

type Body = Record<string, unknown>;

export interface IdentityPoolSettings {
  region: string;
  identityPoolId: string;
  /**
   * The Logins keys naming the user pool: its issuer without the scheme (what the Amplify client
   * sends, read from the token) first, then the key AWS documents, cognito-idp.<region>.amazonaws.com/<poolId>.
   */
  loginsKeys: readonly string[];
  credentialsTtl: number;
  /** The groups of defineAuth, in precedence order (lowest precedence value first). */
  groupPrecedence: string[];
}

/** The role Amplify's token-based role mapping gives (see AssumedRole). */
export function assumedRole(authenticated: boolean, groups: string[], precedence: string[]): AssumedRole {
  if (!authenticated) return { kind: 'guest' };
  const group = precedence.find((g) => groups.includes(g));
  return group ? { kind: 'group', group } : { kind: 'authenticated' };
}

/**
 * The Cognito identity pool: stable identity ids per user (new ones for guests) and temporary AWS
 * credentials that the local S3 maps back to the user and the groups they had when issued.
 */
export class IdentityPool {
  constructor(
    private readonly store: IdentityStore,
    private readonly userPool: UserPool,
    private readonly settings: IdentityPoolSettings,
  ) {}

  async handle(operation: string, body: Body): Promise<Body> {
    switch (operation) {
      case 'GetId':
        return this.getId(body);
      case 'GetCredentialsForIdentity':
        return this.getCredentials(body);
      default:
        throw new CognitoError('InvalidAction', `The local identity pool does not support ${operation}`);
    }
  }

  credentialsFor(accessKeyId: string): IssuedCredentials | undefined {
    const row = this.store.credentials(accessKeyId);
    if (!row) return undefined;
    const groups = JSON.parse(row.groups) as string[];
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: row.secret,
      sessionToken: row.session_token,
      expiration: new Date(row.expiration * 1000),
      identityId: row.identity_id,
      authenticated: row.sub !== null,
      sub: row.sub ?? undefined,
      username: row.username ?? undefined,
      groups,
      role: assumedRole(row.sub !== null, groups, this.settings.groupPrecedence),
    };
  }

  private async getId(body: Body): Promise<Body> {
    if (body['IdentityPoolId'] !== this.settings.identityPoolId) {
      throw new CognitoError(
        'ResourceNotFoundException',
        `IdentityPool '${String(body['IdentityPoolId'])}' not found.`,
      );
    }
    const sub = await this.userFromLogins(body);
    return { IdentityId: this.store.identityFor(sub, () => `${this.settings.region}:${randomUUID()}`) };
  }

  private async getCredentials(body: Body): Promise<Body> {
    const requested = typeof body['IdentityId'] === 'string' ? body['IdentityId'] : '';
    const identity = this.store.identity(requested);
    if (!identity) throw new CognitoError('ResourceNotFoundException', `Identity '${requested}' not found.`);
    const sub = await this.userFromLogins(body);
    if (identity.sub && identity.sub !== sub) {
      throw new CognitoError(
        'NotAuthorizedException',
        'Invalid login token. The identity belongs to a signed-in user; send their Logins.',
      );
    }
    // A guest identity that signs in is merged into the user's identity, as Cognito does.
    const identityId = sub ? this.store.identityFor(sub, () => requested) : requested;
    const user = sub ? this.store.userBySub(sub) : undefined;
    const expiration = Math.floor(Date.now() / 1000) + this.settings.credentialsTtl;
    const row = {
      access_key_id: 'ASIA' + randomBytes(10).toString('hex').toUpperCase().slice(0, 16),
      secret: randomBytes(30).toString('base64'),
      session_token: randomBytes(96).toString('base64'),
      expiration,
      identity_id: identityId,
      sub: sub ?? null,
      username: user?.email ?? null,
      groups: JSON.stringify(sub ? this.store.groupsOf(sub) : []),
    };
    this.store.saveCredentials(row);
    return {
      IdentityId: identityId,
      Credentials: {
        AccessKeyId: row.access_key_id,
        SecretKey: row.secret,
        SessionToken: row.session_token,
        Expiration: expiration,
      },
    };
  }

  /** The user behind the Logins map (verified ID token), or null for a guest. */
  private async userFromLogins(body: Body): Promise<string | null> {
    const logins = body['Logins'] as Record<string, string> | undefined;
    if (!logins || Object.keys(logins).length === 0) return null;
    const key = this.settings.loginsKeys.find((k) => Object.hasOwn(logins, k));
    const token = key === undefined ? undefined : logins[key];
    if (!token)
      throw new CognitoError(
        'NotAuthorizedException',
        `Invalid login token. Unknown provider; expected one of ${this.settings.loginsKeys.join(', ')}.`,
      );
    try {
      return (await this.userPool.verifyToken(token, 'id')).sub;
    } catch (err) {
      throw new CognitoError('NotAuthorizedException', `Invalid login token. ${(err as Error).message}.`);
    }
  }
}

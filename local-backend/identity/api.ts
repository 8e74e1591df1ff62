/**
 * What the identity part (Cognito user pool + identity pool) offers the other parts of the local
 * backend. Data (AppSync) verifies user-pool tokens with it; Storage (S3) maps SigV4 access keys
 * back to the user and their groups with it.
 */
export interface IdentityApi {
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
  /** Verifies signature, issuer, expiry, token_use and app client of a user-pool JWT; throws TokenError. */
  verifyToken(token: string, use?: 'id' | 'access'): Promise<UserPoolClaims>;
  /** The temporary credentials GetCredentialsForIdentity issued under this key id, if any. */
  credentialsFor(accessKeyId: string): IssuedCredentials | undefined;
}

export interface UserPoolClaims {
  sub: string;
  iss: string;
  token_use: 'id' | 'access';
  exp: number;
  iat: number;
  auth_time: number;
  'cognito:username'?: string;
  username?: string;
  'cognito:groups'?: string[];
  email?: string;
  aud?: string;
  client_id?: string;
  [claim: string]: unknown;
}

/**
 * The IAM role an identity-pool identity assumes. Amplify's pool maps roles from the token: a user
 * in groups gets the role of the group with the lowest precedence (its place in defineAuth's
 * `groups`) and only that one; a user in no group the authenticated role; a guest the
 * unauthenticated role.
 */
export type AssumedRole = { kind: 'guest' } | { kind: 'authenticated' } | { kind: 'group'; group: string };

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  identityId: string;
  /** false for guest (unauthenticated) identities. */
  authenticated: boolean;
  /** The user-pool user behind an authenticated identity. */
  sub?: string;
  username?: string;
  /** The user's groups when the credentials were issued (what the IAM role choice is based on). */
  groups: string[];
  role: AssumedRole;
}

export class TokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'signature' | 'expired' | 'not-yet-valid' | 'issuer' | 'use' | 'client' | 'revoked',
  ) {
    super(message);
  }
}

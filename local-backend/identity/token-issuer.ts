import { randomBytes } from 'node:crypto';
import { notAuthorized, userNotFound } from './errors.ts';
import type { IdentityStore, UserRow } from './store.ts';
import type { TokenSigner } from './tokens.ts';

type Body = Record<string, unknown>;

/** Cognito's default refresh-token validity. */
const REFRESH_TOKEN_DAYS = 30;

export interface TokenSettings {
  issuer: string;
  clientId: string;
  /** Lifetime of ID and access tokens, seconds. */
  tokenTtl: number;
}

/** Mints a user pool's tokens: ID and access JWTs with Cognito's claims, and refresh tokens. */
export class TokenIssuer {
  constructor(
    private readonly store: IdentityStore,
    private readonly signer: TokenSigner,
    private readonly settings: TokenSettings,
  ) {}

  /**
   * Tokens for a user. A new sign-in also gets a refresh token; a refresh keeps the sign-in's
   * origin_jti (what revocation follows) and auth_time, as Cognito does.
   */
  async issue(user: UserRow, refreshOf?: { originJti: string; authTime: number }): Promise<Body> {
    const now = Math.floor(Date.now() / 1000);
    const groups = this.store.groupsOf(user.sub);
    const eventId = crypto.randomUUID();
    const origin = refreshOf?.originJti ?? crypto.randomUUID();
    const common = {
      sub: user.sub,
      iss: this.settings.issuer,
      auth_time: refreshOf?.authTime ?? now,
      iat: now,
      exp: now + this.settings.tokenTtl,
      event_id: eventId,
      origin_jti: origin,
    };
    const groupClaim = groups.length ? { 'cognito:groups': groups } : {};
    const [idToken, accessToken] = await Promise.all([
      this.signer.sign({
        ...common,
        ...groupClaim,
        aud: this.settings.clientId,
        token_use: 'id',
        email: user.email,
        email_verified: true,
        'cognito:username': user.sub,
      }),
      this.signer.sign({
        ...common,
        ...groupClaim,
        client_id: this.settings.clientId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        username: user.sub,
      }),
    ]);
    const result: Body = {
      AccessToken: accessToken,
      IdToken: idToken,
      ExpiresIn: this.settings.tokenTtl,
      TokenType: 'Bearer',
    };
    if (!refreshOf) {
      const refreshToken = randomBytes(96).toString('base64url');
      this.store.saveRefreshToken(refreshToken, user.sub, origin);
      result['RefreshToken'] = refreshToken;
    }
    return result;
  }

  /** New ID and access tokens for a refresh token that is still valid. */
  async refresh(refreshToken: string): Promise<Body> {
    const row = this.store.refreshToken(refreshToken);
    if (!row) throw notAuthorized('Invalid Refresh Token');
    // A removed user's tokens are kept (revoked), so a refresh can say the user is gone.
    const user = this.store.userBySub(row.sub);
    if (!user) throw userNotFound();
    if (row.revoked) throw notAuthorized('Refresh Token has been revoked');
    if (row.created_at + REFRESH_TOKEN_DAYS * 86400 < Date.now() / 1000)
      throw notAuthorized('Refresh Token has expired');
    return this.issue(user, { originJti: row.origin_jti, authTime: row.created_at });
  }
}

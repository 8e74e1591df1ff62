import type { Logger } from '../log.ts';
import { CognitoError, notAuthorized, requiredString, userNotFound } from './errors.ts';
import { SignIn } from './sign-in.ts';
import { makeVerifier } from './srp.ts';
import type { IdentityStore, UserRow } from './store.ts';
import type { TokenSigner } from './tokens.ts';
import { TokenError, type UserPoolClaims } from './api.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { TokenIssuer } from './token-issuer.ts';
import { UserAccounts } from './user-accounts.ts';

type Body = Record<string, unknown>;

export interface UserPoolSettings {
  region: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  /** Lifetime of ID and access tokens, seconds. */
  tokenTtl: number;
  groups: string[];
  /**
   * The app client's PreventUserExistenceErrors (Amplify deploys ENABLED): an unknown user is
   * answered exactly like a known one with a wrong password or code.
   */
  preventUserExistenceErrors: boolean;
}

/** The Cognito user pool operations the aws-amplify Auth client and the Authenticator use. */
export class UserPool {
  private readonly accounts: UserAccounts;
  private readonly tokens: TokenIssuer;
  private readonly signIn: SignIn;

  constructor(
    private readonly store: IdentityStore,
    private readonly signer: TokenSigner,
    private readonly settings: UserPoolSettings,
    log: Logger,
  ) {
    this.accounts = new UserAccounts(this, store, log);
    this.tokens = new TokenIssuer(store, signer, settings);
    this.signIn = new SignIn(this, store, this.tokens);
  }

  get poolName(): string {
    return this.settings.userPoolId.split('_')[1] ?? '';
  }

  async handle(operation: string, body: Body): Promise<Body> {
    switch (operation) {
      case 'InitiateAuth':
        return this.signIn.initiateAuth(body);
      case 'RespondToAuthChallenge':
        return this.signIn.respondToAuthChallenge(body);
      case 'GetTokensFromRefreshToken':
        return { AuthenticationResult: await this.tokens.refresh(requiredString(body, 'RefreshToken')) };
      case 'GlobalSignOut':
        this.store.signOutEverywhere((await this.userFromAccessToken(body)).sub);
        return {};
      case 'RevokeToken':
        this.checkClient(body);
        this.store.revokeRefreshToken(requiredString(body, 'Token'));
        return {};
      case 'ListDevices':
        return { Devices: [] };
      default: {
        const answer = await this.accounts.handle(operation, body);
        if (answer) return answer;
        throw new CognitoError('InvalidAction', `The local user pool does not support ${operation}`);
      }
    }
  }

  // ── users (also used by the admin CLI and the seed) ──

  createUser(
    email: string,
    password: string,
    status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED' = 'CONFIRMED',
  ): UserRow {
    if (this.store.userByEmailOrSub(email))
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    checkPasswordPolicy(password);
    const sub = crypto.randomUUID();
    const { salt, verifier } = makeVerifier(this.poolName, sub, password);
    return this.store.insertUser(email, salt, verifier, status, sub);
  }

  setPassword(user: UserRow, password: string, status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' = 'CONFIRMED'): void {
    checkPasswordPolicy(password);
    const { salt, verifier } = makeVerifier(this.poolName, user.sub, password);
    this.store.setPassword(user.sub, salt, verifier, status);
  }

  /** Verifies a user-pool token the way the other parts need it, revocation included. */
  async verifyToken(token: string, use?: 'id' | 'access'): Promise<UserPoolClaims> {
    const claims = await this.signer.verify(token, this.settings, use);
    const user = this.store.userBySub(claims.sub);
    if (!user) throw new TokenError('User does not exist', 'revoked');
    if (typeof claims['origin_jti'] !== 'string' || this.store.originRevoked(claims['origin_jti'])) {
      throw new TokenError('Token has been revoked', 'revoked');
    }
    return claims;
  }

  // ── helpers (also used by the account operations) ──

  checkClient(body: Body): void {
    if (body['ClientId'] !== undefined && body['ClientId'] !== this.settings.clientId) {
      throw new CognitoError(
        'ResourceNotFoundException',
        `User pool client ${String(body['ClientId'])} does not exist.`,
      );
    }
  }

  get preventsUserExistenceErrors(): boolean {
    return this.settings.preventUserExistenceErrors;
  }

  /** The user, or (when user existence errors are not prevented) UserNotFoundException. */
  findUser(name: string): UserRow | undefined {
    const user = this.store.userByEmailOrSub(name);
    if (!user && !this.settings.preventUserExistenceErrors)
      throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
    return user;
  }

  /**
   * The user an access token speaks for, refused as Cognito's user operations refuse it: a bad or
   * expired token, a removed user (UserNotFoundException), a disabled one, a signed-out session.
   */
  async userFromAccessToken(body: Body): Promise<UserRow> {
    const token = requiredString(body, 'AccessToken');
    let claims: UserPoolClaims;
    try {
      claims = await this.signer.verify(token, this.settings, 'access');
    } catch (err) {
      const expired = err instanceof TokenError && err.reason === 'expired';
      throw notAuthorized(expired ? 'Access Token has expired' : 'Invalid Access Token');
    }
    const user = this.store.userBySub(claims.sub);
    if (!user) throw userNotFound();
    if (this.store.isDisabled(user.sub)) throw notAuthorized('User is disabled.');
    if (typeof claims['origin_jti'] !== 'string' || this.store.originRevoked(claims['origin_jti']))
      throw notAuthorized('Access Token has been revoked');
    return user;
  }
}

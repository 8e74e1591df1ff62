import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../log.ts';
import { CognitoError, invalidParameter, notAuthorized, requiredString, userNotFound } from './errors.ts';
import {
  expectedSignature,
  makeVerifier,
  passwordMatches,
  serverEphemeral,
  sessionKey,
  type ServerEphemeral,
} from './srp.ts';
import type { IdentityStore, UserRow } from './store.ts';
import type { TokenSigner } from './tokens.ts';
import { TokenError, type UserPoolClaims } from './api.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { simulatedUser } from './simulated-user.ts';
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

interface PendingSrp {
  /** null for a user that does not exist (the challenge was simulated). */
  sub: string | null;
  verifier: string;
  eph: ServerEphemeral;
  A: string;
  expires: number;
}

interface PendingChallenge {
  sub: string;
  challenge: 'NEW_PASSWORD_REQUIRED';
  expires: number;
}

/** The Cognito user pool operations the aws-amplify Auth client and the Authenticator use. */
export class UserPool {
  private readonly srp = new Map<string, PendingSrp>();
  private readonly sessions = new Map<string, PendingChallenge>();
  private readonly accounts: UserAccounts;
  private readonly tokens: TokenIssuer;

  constructor(
    private readonly store: IdentityStore,
    private readonly signer: TokenSigner,
    private readonly settings: UserPoolSettings,
    log: Logger,
  ) {
    this.accounts = new UserAccounts(this, store, log);
    this.tokens = new TokenIssuer(store, signer, settings);
  }

  get poolName(): string {
    return this.settings.userPoolId.split('_')[1] ?? '';
  }

  async handle(operation: string, body: Body): Promise<Body> {
    switch (operation) {
      case 'InitiateAuth':
        return this.initiateAuth(body);
      case 'RespondToAuthChallenge':
        return this.respondToAuthChallenge(body);
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

  // ── sign-in ──

  private async initiateAuth(body: Body): Promise<Body> {
    this.checkClient(body);
    this.forgetStaleChallenges();
    const flow = requiredString(body, 'AuthFlow');
    const params = (body['AuthParameters'] ?? {}) as Record<string, string>;
    if (flow === 'USER_SRP_AUTH') {
      const user =
        this.findUserForSignIn(params['USERNAME']) ?? simulatedUser(this.store, this.poolName, params['USERNAME']!);
      if (!params['SRP_A']) throw invalidParameter('Missing required parameter SRP_A');
      const eph = serverEphemeral(user.verifier);
      const secretBlock = randomBytes(64).toString('base64');
      this.srp.set(secretBlock, {
        sub: 'simulated' in user ? null : user.sub,
        verifier: user.verifier,
        eph,
        A: params['SRP_A'],
        expires: Date.now() + 5 * 60_000,
      });
      return {
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeParameters: {
          SALT: user.salt,
          SECRET_BLOCK: secretBlock,
          SRP_B: eph.B.toString(16),
          USERNAME: user.sub,
          USER_ID_FOR_SRP: user.sub,
        },
      };
    }
    if (flow === 'USER_PASSWORD_AUTH') {
      const user = this.findUserForSignIn(params['USERNAME']);
      if (!user) {
        // The same work as a wrong password, then the same answer.
        const stand = simulatedUser(this.store, this.poolName, params['USERNAME']!);
        passwordMatches(this.poolName, stand.sub, params['PASSWORD'] ?? '', stand.salt, stand.verifier);
        throw notAuthorized();
      }
      if (!passwordMatches(this.poolName, user.sub, params['PASSWORD'] ?? '', user.salt, user.verifier))
        throw notAuthorized();
      return this.afterPassword(user);
    }
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      return { AuthenticationResult: await this.tokens.refresh(params['REFRESH_TOKEN'] ?? '') };
    }
    throw invalidParameter(`AuthFlow ${flow} is not supported by the local user pool`);
  }

  private async respondToAuthChallenge(body: Body): Promise<Body> {
    this.checkClient(body);
    const name = requiredString(body, 'ChallengeName');
    const responses = (body['ChallengeResponses'] ?? {}) as Record<string, string>;
    if (name === 'PASSWORD_VERIFIER') {
      const block = responses['PASSWORD_CLAIM_SECRET_BLOCK'] ?? '';
      const pending = this.srp.get(block);
      this.srp.delete(block);
      if (!pending || pending.expires < Date.now())
        throw notAuthorized('Invalid session for the user, session is expired.');
      const user = pending.sub === null ? undefined : this.store.userBySub(pending.sub);
      if (!user) {
        // A simulated challenge costs what a real one does, then fails as a wrong password does.
        try {
          sessionKey(pending.A, pending.eph, pending.verifier);
        } catch {
          // refused below either way
        }
        throw notAuthorized();
      }
      let key: Buffer;
      try {
        key = sessionKey(pending.A, pending.eph, user.verifier);
      } catch {
        throw notAuthorized();
      }
      const expected = Buffer.from(
        expectedSignature(key, this.poolName, user.sub, block, responses['TIMESTAMP'] ?? ''),
      );
      const sent = Buffer.from(responses['PASSWORD_CLAIM_SIGNATURE'] ?? '');
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) throw notAuthorized();
      return this.afterPassword(user);
    }
    if (name === 'NEW_PASSWORD_REQUIRED') {
      const session = requiredString(body, 'Session');
      const pending = this.sessions.get(session);
      const user = pending && pending.expires >= Date.now() ? this.store.userBySub(pending.sub) : undefined;
      if (!user) throw notAuthorized('Invalid session for the user, session is expired.');
      // A refused password keeps the session, so the Authenticator can ask again.
      this.setPassword(user, responses['NEW_PASSWORD'] ?? '');
      this.sessions.delete(session);
      return {
        AuthenticationResult: await this.tokens.issue(this.store.userBySub(user.sub)!),
        ChallengeParameters: {},
      };
    }
    throw invalidParameter(`ChallengeName ${name} is not supported by the local user pool`);
  }

  private async afterPassword(user: UserRow): Promise<Body> {
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      const session = randomBytes(48).toString('base64');
      this.sessions.set(session, {
        sub: user.sub,
        challenge: 'NEW_PASSWORD_REQUIRED',
        expires: Date.now() + 3 * 60_000,
      });
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeParameters: {
          USER_ID_FOR_SRP: user.sub,
          requiredAttributes: '[]',
          userAttributes: JSON.stringify({ email: user.email, email_verified: 'true' }),
        },
      };
    }
    return { AuthenticationResult: await this.tokens.issue(user), ChallengeParameters: {} };
  }

  private forgetStaleChallenges(): void {
    const now = Date.now();
    for (const [key, pending] of this.srp) if (pending.expires < now) this.srp.delete(key);
    for (const [key, pending] of this.sessions) if (pending.expires < now) this.sessions.delete(key);
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

  private findUserForSignIn(name: string | undefined): UserRow | undefined {
    if (!name) throw invalidParameter('Missing required parameter USERNAME');
    const user = this.store.userByEmailOrSub(name);
    if (!user && !this.settings.preventUserExistenceErrors)
      throw new CognitoError('UserNotFoundException', 'User does not exist.');
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

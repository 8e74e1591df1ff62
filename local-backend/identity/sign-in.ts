import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CognitoError, invalidParameter, notAuthorized, requiredString } from './errors.ts';
import { expectedSignature, passwordMatches, serverEphemeral, sessionKey, type ServerEphemeral } from './srp.ts';
import type { IdentityStore, UserRow } from './store.ts';
import { simulatedUser } from './simulated-user.ts';
import type { TokenIssuer } from './token-issuer.ts';

type Body = Record<string, unknown>;

/** What signing in needs of the user pool (which builds it, so it is not imported here). */
export interface PoolSignIn {
  readonly poolName: string;
  readonly preventsUserExistenceErrors: boolean;
  checkClient(body: Body): void;
  setPassword(user: UserRow, password: string): void;
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

/**
 * The user pool's sign-in: InitiateAuth (SRP, password, refresh) and RespondToAuthChallenge
 * (PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED), with the challenges waiting for their answer.
 */
export class SignIn {
  private readonly srp = new Map<string, PendingSrp>();
  private readonly sessions = new Map<string, PendingChallenge>();

  constructor(
    private readonly pool: PoolSignIn,
    private readonly store: IdentityStore,
    private readonly tokens: TokenIssuer,
  ) {}

  async initiateAuth(body: Body): Promise<Body> {
    this.pool.checkClient(body);
    this.forgetStaleChallenges();
    const flow = requiredString(body, 'AuthFlow');
    const params = (body['AuthParameters'] ?? {}) as Record<string, string>;
    if (flow === 'USER_SRP_AUTH') {
      const user =
        this.findUserForSignIn(params['USERNAME']) ??
        simulatedUser(this.store, this.pool.poolName, params['USERNAME']!);
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
        const stand = simulatedUser(this.store, this.pool.poolName, params['USERNAME']!);
        passwordMatches(this.pool.poolName, stand.sub, params['PASSWORD'] ?? '', stand.salt, stand.verifier);
        throw notAuthorized();
      }
      if (!passwordMatches(this.pool.poolName, user.sub, params['PASSWORD'] ?? '', user.salt, user.verifier))
        throw notAuthorized();
      return this.afterPassword(user);
    }
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      return { AuthenticationResult: await this.tokens.refresh(params['REFRESH_TOKEN'] ?? '') };
    }
    throw invalidParameter(`AuthFlow ${flow} is not supported by the local user pool`);
  }

  async respondToAuthChallenge(body: Body): Promise<Body> {
    this.pool.checkClient(body);
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
        expectedSignature(key, this.pool.poolName, user.sub, block, responses['TIMESTAMP'] ?? ''),
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
      this.pool.setPassword(user, responses['NEW_PASSWORD'] ?? '');
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

  private findUserForSignIn(name: string | undefined): UserRow | undefined {
    if (!name) throw invalidParameter('Missing required parameter USERNAME');
    const user = this.store.userByEmailOrSub(name);
    if (!user && !this.pool.preventsUserExistenceErrors)
      throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }
}

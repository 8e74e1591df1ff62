import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../log.ts';
import { CognitoError, invalidParameter, notAuthorized } from './errors.ts';
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

type Body = Record<string, unknown>;

export interface UserPoolSettings {
  region: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  /** Lifetime of ID and access tokens, seconds. */
  tokenTtl: number;
  groups: string[];
}

interface PendingSrp {
  sub: string;
  eph: ServerEphemeral;
  A: string;
  expires: number;
}

interface PendingChallenge {
  sub: string;
  challenge: 'NEW_PASSWORD_REQUIRED';
  expires: number;
}

/** Cognito's default refresh-token validity. */
const REFRESH_TOKEN_DAYS = 30;

const PASSWORD_RULES =
  'Password must have at least 8 characters, with upper and lower case letters, a number and a symbol';

export function checkPasswordPolicy(password: unknown): string {
  if (
    typeof password !== 'string' ||
    password.length < 8 ||
    !/[a-z]/.test(password) ||
    !/[A-Z]/.test(password) ||
    !/\d/.test(password) ||
    !/[^A-Za-z0-9]/.test(password)
  ) {
    throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${PASSWORD_RULES}`);
  }
  return password;
}

/** The Cognito user pool operations the aws-amplify Auth client and the Authenticator use. */
export class UserPool {
  private readonly srp = new Map<string, PendingSrp>();
  private readonly sessions = new Map<string, PendingChallenge>();

  constructor(
    private readonly store: IdentityStore,
    private readonly signer: TokenSigner,
    private readonly settings: UserPoolSettings,
    private readonly log: Logger,
  ) {}

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
        return { AuthenticationResult: this.refresh(str(body, 'RefreshToken')) };
      case 'GetUser':
        return this.getUser(body);
      case 'GlobalSignOut':
        this.store.signOutEverywhere(this.userFromAccessToken(body).sub);
        return {};
      case 'RevokeToken':
        this.checkClient(body);
        this.store.revokeRefreshToken(str(body, 'Token'));
        return {};
      case 'SignUp':
        return this.signUp(body);
      case 'ConfirmSignUp':
        return this.confirmSignUp(body);
      case 'ResendConfirmationCode': {
        const user = this.findUser(str(body, 'Username'));
        if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
        return this.sendCode(user, 'signup');
      }
      case 'ForgotPassword': {
        const user = this.findUser(str(body, 'Username'));
        if (user.status === 'UNCONFIRMED')
          throw invalidParameter(
            'Cannot reset password for the user as there is no registered/verified email or phone_number',
          );
        if (user.status === 'FORCE_CHANGE_PASSWORD')
          throw notAuthorized('User password cannot be reset in the current state.');
        return this.sendCode(user, 'reset');
      }
      case 'ConfirmForgotPassword':
        return this.confirmForgotPassword(body);
      case 'ChangePassword':
        return this.changePassword(body);
      case 'ListDevices':
        return { Devices: [] };
      default:
        throw new CognitoError('InvalidAction', `The local user pool does not support ${operation}`);
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
  verifyToken(token: string, use?: 'id' | 'access'): UserPoolClaims {
    const claims = this.signer.verify(token, this.settings.issuer, use);
    const user = this.store.userBySub(claims.sub);
    if (!user) throw new TokenError('User does not exist', 'revoked');
    if (typeof claims['origin_jti'] !== 'string' || this.store.originRevoked(claims['origin_jti'])) {
      throw new TokenError('Token has been revoked', 'revoked');
    }
    return claims;
  }

  // ── sign-in ──

  private initiateAuth(body: Body): Body {
    this.checkClient(body);
    this.forgetStaleChallenges();
    const flow = str(body, 'AuthFlow');
    const params = (body['AuthParameters'] ?? {}) as Record<string, string>;
    if (flow === 'USER_SRP_AUTH') {
      const user = this.findUserForSignIn(params['USERNAME']);
      if (!params['SRP_A']) throw invalidParameter('Missing required parameter SRP_A');
      const eph = serverEphemeral(user.verifier);
      const secretBlock = randomBytes(64).toString('base64');
      this.srp.set(secretBlock, { sub: user.sub, eph, A: params['SRP_A'], expires: Date.now() + 5 * 60_000 });
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
      if (!passwordMatches(this.poolName, user.sub, params['PASSWORD'] ?? '', user.salt, user.verifier))
        throw notAuthorized();
      return this.afterPassword(user);
    }
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      return { AuthenticationResult: this.refresh(params['REFRESH_TOKEN'] ?? '') };
    }
    throw invalidParameter(`AuthFlow ${flow} is not supported by the local user pool`);
  }

  private respondToAuthChallenge(body: Body): Body {
    this.checkClient(body);
    const name = str(body, 'ChallengeName');
    const responses = (body['ChallengeResponses'] ?? {}) as Record<string, string>;
    if (name === 'PASSWORD_VERIFIER') {
      const block = responses['PASSWORD_CLAIM_SECRET_BLOCK'] ?? '';
      const pending = this.srp.get(block);
      this.srp.delete(block);
      if (!pending || pending.expires < Date.now())
        throw notAuthorized('Invalid session for the user, session is expired.');
      const user = this.store.userBySub(pending.sub);
      if (!user) throw notAuthorized();
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
      const session = str(body, 'Session');
      const pending = this.sessions.get(session);
      const user = pending && pending.expires >= Date.now() ? this.store.userBySub(pending.sub) : undefined;
      if (!user) throw notAuthorized('Invalid session for the user, session is expired.');
      // A refused password keeps the session, so the Authenticator can ask again.
      this.setPassword(user, responses['NEW_PASSWORD'] ?? '');
      this.sessions.delete(session);
      return { AuthenticationResult: this.issueTokens(this.store.userBySub(user.sub)!), ChallengeParameters: {} };
    }
    throw invalidParameter(`ChallengeName ${name} is not supported by the local user pool`);
  }

  private afterPassword(user: UserRow): Body {
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
    return { AuthenticationResult: this.issueTokens(user), ChallengeParameters: {} };
  }

  private refresh(refreshToken: string): Body {
    const row = this.store.refreshToken(refreshToken);
    if (!row || row.revoked) throw notAuthorized(row ? 'Refresh Token has been revoked' : 'Invalid Refresh Token');
    if (row.created_at + REFRESH_TOKEN_DAYS * 86400 < Date.now() / 1000)
      throw notAuthorized('Refresh Token has expired');
    const user = this.store.userBySub(row.sub);
    if (!user) throw notAuthorized('User does not exist.');
    return this.issueTokens(user, { originJti: row.origin_jti, authTime: row.created_at });
  }

  private forgetStaleChallenges(): void {
    const now = Date.now();
    for (const [key, pending] of this.srp) if (pending.expires < now) this.srp.delete(key);
    for (const [key, pending] of this.sessions) if (pending.expires < now) this.sessions.delete(key);
  }

  /**
   * Tokens for a user. A new sign-in also gets a refresh token; a refresh keeps the sign-in's
   * origin_jti (what revocation follows) and auth_time, as Cognito does.
   */
  private issueTokens(user: UserRow, refreshOf?: { originJti: string; authTime: number }): Body {
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
    const idToken = this.signer.sign({
      ...common,
      ...groupClaim,
      aud: this.settings.clientId,
      token_use: 'id',
      email: user.email,
      email_verified: true,
      'cognito:username': user.sub,
    });
    const accessToken = this.signer.sign({
      ...common,
      ...groupClaim,
      client_id: this.settings.clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: user.sub,
    });
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

  // ── account ──

  private getUser(body: Body): Body {
    const user = this.userFromAccessToken(body);
    return {
      Username: user.sub,
      UserAttributes: [
        { Name: 'sub', Value: user.sub },
        { Name: 'email', Value: user.email },
        { Name: 'email_verified', Value: user.status === 'UNCONFIRMED' ? 'false' : 'true' },
      ],
      UserMFASettingList: [],
    };
  }

  private signUp(body: Body): Body {
    this.checkClient(body);
    const username = str(body, 'Username');
    const attrs = (body['UserAttributes'] ?? []) as { Name: string; Value: string }[];
    const email = attrs.find((a) => a.Name === 'email')?.Value ?? username;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalidParameter('Invalid email address format.');
    const user = this.createUser(email, typeof body['Password'] === 'string' ? body['Password'] : '', 'UNCONFIRMED');
    const delivery = this.sendCode(user, 'signup');
    return { UserConfirmed: false, UserSub: user.sub, ...delivery };
  }

  private confirmSignUp(body: Body): Body {
    const user = this.findUser(str(body, 'Username'));
    if (user.status !== 'UNCONFIRMED')
      throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
    this.checkCode(user, 'signup', str(body, 'ConfirmationCode'));
    this.store.setStatus(user.sub, 'CONFIRMED');
    return {};
  }

  private confirmForgotPassword(body: Body): Body {
    const user = this.findUser(str(body, 'Username'));
    const password = checkPasswordPolicy(body['Password']);
    this.checkCode(user, 'reset', str(body, 'ConfirmationCode'));
    this.setPassword(user, password, 'CONFIRMED');
    this.store.signOutEverywhere(user.sub);
    return {};
  }

  private changePassword(body: Body): Body {
    const user = this.userFromAccessToken(body);
    if (!passwordMatches(this.poolName, user.sub, str(body, 'PreviousPassword'), user.salt, user.verifier))
      throw notAuthorized();
    this.setPassword(user, str(body, 'ProposedPassword'));
    return {};
  }

  private sendCode(user: UserRow, purpose: 'signup' | 'reset'): Body {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.store.saveCode(user.sub, purpose, code, 24 * 3600);
    this.log.info(
      `${purpose === 'signup' ? 'Confirmation' : 'Password reset'} code for ${user.email}: ${code} (no mail is sent by the local backend)`,
    );
    const [name, domain] = user.email.split('@');
    return {
      CodeDeliveryDetails: {
        Destination: `${name?.[0] ?? ''}***@${domain?.[0] ?? ''}***`,
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      },
    };
  }

  private checkCode(user: UserRow, purpose: string, code: string): void {
    const result = this.store.useCode(user.sub, purpose, code);
    if (result === 'mismatch')
      throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    if (result === 'expired')
      throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }

  // ── helpers ──

  private checkClient(body: Body): void {
    if (body['ClientId'] !== undefined && body['ClientId'] !== this.settings.clientId) {
      throw new CognitoError(
        'ResourceNotFoundException',
        `User pool client ${String(body['ClientId'])} does not exist.`,
      );
    }
  }

  private findUser(name: string): UserRow {
    const user = this.store.userByEmailOrSub(name);
    if (!user) throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
    return user;
  }

  private findUserForSignIn(name: string | undefined): UserRow {
    if (!name) throw invalidParameter('Missing required parameter USERNAME');
    const user = this.store.userByEmailOrSub(name);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  private userFromAccessToken(body: Body): UserRow {
    let claims: UserPoolClaims;
    try {
      claims = this.verifyToken(str(body, 'AccessToken'), 'access');
    } catch (err) {
      throw notAuthorized(
        (err as Error).message === 'Token has expired' ? 'Access Token has expired' : 'Access Token has been revoked',
      );
    }
    const user = this.store.userBySub(claims.sub);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }
}

function str(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw invalidParameter(`Missing required parameter ${key}`);
  return value;
}

import { randomInt } from 'node:crypto';
import type { Logger } from '../log.ts';
import { CognitoError, invalidParameter, notAuthorized, requiredString } from './errors.ts';
import { passwordMatches } from './srp.ts';
import type { IdentityStore, UserRow } from './store.ts';
import { checkPasswordPolicy } from './password-policy.ts';

type Body = Record<string, unknown>;

/** What the account operations need of the user pool (which builds them, so it is not imported here). */
export interface PoolUsers {
  readonly poolName: string;
  checkClient(body: Body): void;
  findUser(name: string): UserRow | undefined;
  createUser(email: string, password: string, status: 'UNCONFIRMED'): UserRow;
  setPassword(user: UserRow, password: string, status?: 'CONFIRMED'): void;
  /** The user an AccessToken in the body names, refused unless the token is valid. */
  userFromAccessToken(body: Body): Promise<UserRow>;
}

/**
 * The user pool's account operations, behind the Authenticator's other screens: sign-up with a
 * confirmation code, forgot password, change password, and the user's attributes. There is no
 * mail: codes are written to the log.
 */
export class UserAccounts {
  constructor(
    private readonly pool: PoolUsers,
    private readonly store: IdentityStore,
    private readonly log: Logger,
  ) {}

  private readonly operations: Record<string, (body: Body) => Body | Promise<Body>> = {
    GetUser: (body) => this.getUser(body),
    SignUp: (body) => this.signUp(body),
    ConfirmSignUp: (body) => this.confirmSignUp(body),
    ResendConfirmationCode: (body) => this.resendConfirmationCode(body),
    ForgotPassword: (body) => this.forgotPassword(body),
    ConfirmForgotPassword: (body) => this.confirmForgotPassword(body),
    ChangePassword: (body) => this.changePassword(body),
  };

  /** Answers an account operation, or undefined when `operation` is not one. */
  async handle(operation: string, body: Body): Promise<Body | undefined> {
    return Object.hasOwn(this.operations, operation) ? this.operations[operation]!(body) : undefined;
  }

  private async getUser(body: Body): Promise<Body> {
    const user = await this.pool.userFromAccessToken(body);
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
    this.pool.checkClient(body);
    const username = requiredString(body, 'Username');
    const attrs = (body['UserAttributes'] ?? []) as { Name: string; Value: string }[];
    const email = attrs.find((a) => a.Name === 'email')?.Value ?? username;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalidParameter('Invalid email address format.');
    const password = typeof body['Password'] === 'string' ? body['Password'] : '';
    const user = this.pool.createUser(email, password, 'UNCONFIRMED');
    const delivery = this.sendCode(user, 'signup');
    return { UserConfirmed: false, UserSub: user.sub, ...delivery };
  }

  private confirmSignUp(body: Body): Body {
    const user = this.pool.findUser(requiredString(body, 'Username'));
    requiredString(body, 'ConfirmationCode');
    if (!user) throw codeMismatch();
    if (user.status !== 'UNCONFIRMED')
      throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
    this.checkCode(user, 'signup', requiredString(body, 'ConfirmationCode'));
    this.store.setStatus(user.sub, 'CONFIRMED');
    return {};
  }

  private resendConfirmationCode(body: Body): Body {
    const name = requiredString(body, 'Username');
    const user = this.pool.findUser(name);
    if (!user) return simulatedDelivery(name);
    if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
    return this.sendCode(user, 'signup');
  }

  private forgotPassword(body: Body): Body {
    const name = requiredString(body, 'Username');
    const user = this.pool.findUser(name);
    if (!user) return simulatedDelivery(name);
    if (user.status === 'UNCONFIRMED')
      throw invalidParameter(
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    if (user.status === 'FORCE_CHANGE_PASSWORD')
      throw notAuthorized('User password cannot be reset in the current state.');
    return this.sendCode(user, 'reset');
  }

  private confirmForgotPassword(body: Body): Body {
    const user = this.pool.findUser(requiredString(body, 'Username'));
    const password = checkPasswordPolicy(body['Password']);
    requiredString(body, 'ConfirmationCode');
    if (!user) throw codeMismatch();
    this.checkCode(user, 'reset', requiredString(body, 'ConfirmationCode'));
    this.pool.setPassword(user, password, 'CONFIRMED');
    this.store.signOutEverywhere(user.sub);
    return {};
  }

  private async changePassword(body: Body): Promise<Body> {
    const user = await this.pool.userFromAccessToken(body);
    const previous = requiredString(body, 'PreviousPassword');
    if (!passwordMatches(this.pool.poolName, user.sub, previous, user.salt, user.verifier)) throw notAuthorized();
    this.pool.setPassword(user, requiredString(body, 'ProposedPassword'));
    return {};
  }

  private sendCode(user: UserRow, purpose: 'signup' | 'reset'): Body {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.store.saveCode(user.sub, purpose, code, 24 * 3600);
    this.log.info(
      `${purpose === 'signup' ? 'Confirmation' : 'Password reset'} code for ${user.email}: ${code} (no mail is sent by the local backend)`,
    );
    return delivery(user.email);
  }

  private checkCode(user: UserRow, purpose: string, code: string): void {
    const result = this.store.useCode(user.sub, purpose, code);
    if (result === 'mismatch') throw codeMismatch();
    if (result === 'expired')
      throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }
}

const codeMismatch = () =>
  new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');

function delivery(email: string): Body {
  const [name, domain] = email.split('@');
  return {
    CodeDeliveryDetails: {
      Destination: `${name?.[0] ?? ''}***@${domain?.[0] ?? ''}***`,
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    },
  };
}

/**
 * For a user that does not exist (user existence errors prevented): the answer a real user gets,
 * a code "sent" to a destination made from the name given. Usernames are emails in this pool.
 */
function simulatedDelivery(name: string): Body {
  return delivery(name.includes('@') ? name : `${name}@example.com`);
}

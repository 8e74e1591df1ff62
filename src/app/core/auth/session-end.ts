/**
 * Why the backend ended a session the console still held: the person was disabled or removed by
 * an administrator, or signed out everywhere (GlobalSignOut, AdminUserGlobalSignOut); `ended` when
 * Cognito refused the tokens for another or an unknown reason (an expired refresh token, say).
 */
export type SessionEndReason = 'disabled' | 'removed' | 'signed-out-everywhere' | 'ended';

/** What the sign-in page tells the person, per reason. */
export const SESSION_END_MESSAGES: Record<SessionEndReason, string> = {
  disabled: 'Your account was disabled by an administrator. Ask an administrator to enable it again.',
  removed: 'Your account was removed by an administrator.',
  'signed-out-everywhere': 'You were signed out everywhere. Sign in again to go on.',
  ended: 'Your session ended. Sign in again.',
};

/** The backend refused the stored tokens or their refresh: whoever held them is signed out. */
export class SessionRefusedError extends Error {
  override readonly name = 'SessionRefusedError';
  constructor(
    readonly reason: SessionEndReason,
    options?: { cause?: unknown },
  ) {
    super(SESSION_END_MESSAGES[reason], options);
  }
}

/** Cognito's errors that say a session is over for good (the ones Amplify clears its tokens for). */
const SESSION_OVER = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'TokenRevokedException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
  'RefreshTokenReuseException',
]);

/**
 * Why Cognito refused a session, read from its answer to a refresh or a user operation (GetUser);
 * undefined when the error is not such a refusal (no answer, throttling, a server error).
 */
export function refusalOf(error: unknown): SessionEndReason | undefined {
  if (error instanceof SessionRefusedError) return error.reason;
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (typeof name !== 'string' || !SESSION_OVER.has(name)) return undefined;
  const text = typeof message === 'string' ? message : '';
  if (name === 'UserNotFoundException' || /^User does not exist/.test(text)) return 'removed';
  if (/^User is disabled/.test(text)) return 'disabled';
  if (name === 'TokenRevokedException' || /has been revoked/.test(text)) return 'signed-out-everywhere';
  return 'ended';
}

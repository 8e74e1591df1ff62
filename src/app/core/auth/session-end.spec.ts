import { SESSION_END_MESSAGES, refusalOf } from './session-end';

describe('refusalOf', () => {
  const cognito = (name: string, message: string) => Object.assign(new Error(message), { name });

  it("reads the reason from Cognito's refusals of a refresh or of GetUser", () => {
    expect(refusalOf(cognito('NotAuthorizedException', 'User is disabled.'))).toBe('disabled');
    expect(refusalOf(cognito('UserNotFoundException', 'User does not exist.'))).toBe('removed');
    expect(refusalOf(cognito('NotAuthorizedException', 'User does not exist.'))).toBe('removed');
    expect(refusalOf(cognito('NotAuthorizedException', 'Refresh Token has been revoked'))).toBe(
      'signed-out-everywhere',
    );
    expect(refusalOf(cognito('NotAuthorizedException', 'Access Token has been revoked'))).toBe('signed-out-everywhere');
    expect(refusalOf(cognito('NotAuthorizedException', 'Refresh Token has expired'))).toBe('ended');
    expect(refusalOf({ name: 'PasswordResetRequiredException', message: 'Password reset required' })).toBe('ended');
  });

  it('is undefined for what does not end a session: no answer, throttling, a server error', () => {
    expect(refusalOf(new TypeError('Failed to fetch'))).toBeUndefined();
    expect(refusalOf(cognito('NetworkError', 'A network error has occurred.'))).toBeUndefined();
    expect(refusalOf(cognito('TooManyRequestsException', 'Rate exceeded'))).toBeUndefined();
    expect(refusalOf(cognito('InternalErrorException', 'User is disabled.'))).toBeUndefined();
    expect(refusalOf(undefined)).toBeUndefined();
  });

  it('has words for every reason', () => {
    expect(SESSION_END_MESSAGES.disabled).toContain('disabled by an administrator');
    expect(SESSION_END_MESSAGES.removed).toContain('removed');
    expect(SESSION_END_MESSAGES['signed-out-everywhere']).toContain('signed out everywhere');
    expect(SESSION_END_MESSAGES.ended).toBe('Your session ended. Sign in again.');
  });
});

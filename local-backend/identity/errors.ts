/** An error Cognito would answer with: `{ __type, message }`, HTTP 400, x-amzn-ErrorType. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const notAuthorized = (message = 'Incorrect username or password.') =>
  new CognitoError('NotAuthorizedException', message);
/** A token (refresh or access) of a user who was removed from the pool. */
export const userNotFound = () => new CognitoError('UserNotFoundException', 'User does not exist.');
export const invalidParameter = (message: string) => new CognitoError('InvalidParameterException', message);

/** A request field that must be a non-empty string, as Cognito validates it. */
export function requiredString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw invalidParameter(`Missing required parameter ${key}`);
  return value;
}

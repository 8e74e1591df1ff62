import { CognitoError } from './errors.ts';

/** The default policy of an Amplify Gen 2 user pool. */
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

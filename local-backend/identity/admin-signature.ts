import { SignatureError, verifySignature, type SigningCredentials } from '../sigv4/verify.ts';
import { CognitoError } from './errors.ts';

export type { SigningCredentials };

/**
 * A Cognito admin request's SigV4 signature (service `cognito-idp`), checked as AWS does; a refusal
 * is the CognitoError AWS answers with. Returns the credentials it was signed with.
 */
export async function verifyCognitoSignature<C extends SigningCredentials>(
  request: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string },
  lookup: (accessKeyId: string) => C | undefined,
): Promise<C> {
  try {
    return (await verifySignature('cognito-idp', { ...request, url: request.path }, lookup)).creds;
  } catch (err) {
    if (err instanceof SignatureError) throw new CognitoError(err.code, err.message, err.status);
    throw err;
  }
}

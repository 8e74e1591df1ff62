import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import { SignatureError, verifySignature } from '../sigv4/verify.ts';
import { RequestError } from './errors.ts';

/** What was signed: the HTTP request as AppSync receives it (or, for realtime, as the client signed it). */
export interface SignedRequest {
  method: string;
  /** The path the signature covers: /graphql, or /graphql/connect for a realtime connection. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string | Buffer;
}

/**
 * AWS_IAM as AppSync checks it: a SigV4 signature for `appsync` made with credentials the identity
 * pool issued. Returns them (whose identity and role the authorization rules then look at).
 */
export async function verifyAppSyncSignature(
  request: SignedRequest,
  identity: IdentityApi,
): Promise<IssuedCredentials> {
  try {
    const verified = await verifySignature('appsync', { ...request, url: request.path }, (id) =>
      identity.credentialsFor(id),
    );
    return verified.creds;
  } catch (err) {
    if (err instanceof SignatureError) throw new RequestError(err.status, err.code, err.message);
    throw err;
  }
}

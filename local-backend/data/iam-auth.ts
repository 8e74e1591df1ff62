import type { IdentityApi, IssuedCredentials } from '../identity/api.ts';
import { SignatureError, verifySignature, type SigningCredentials } from '../sigv4/verify.ts';
import { RequestError } from './errors.ts';
import type { FunctionApiRoles, FunctionRole } from './function-api-roles.ts';

/** What was signed: the HTTP request as AppSync receives it (or, for realtime, as the client signed it). */
export interface SignedRequest {
  method: string;
  /** The path the signature covers: /graphql, or /graphql/connect for a realtime connection. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string | Buffer;
}

/** Who signed: an identity-pool identity (`iam`) or a function's execution role (`role`). */
export type SignedBy = { iam: IssuedCredentials; role?: undefined } | { iam?: undefined; role: FunctionRole };

/**
 * AWS_IAM as AppSync checks it: a SigV4 signature for `appsync` made with credentials the identity
 * pool issued, or with a function's execution role credentials. An identity's access is then up to
 * the authorization rules; a role's is up to its IAM statements (Gen 2 turns on IAM access for
 * principals that are not identity-pool identities: its resolvers let them through, and the
 * `appsync:GraphQL` statements `allow.resource(fn)` gives the role decide).
 */
export async function verifyAppSyncSignature(
  request: SignedRequest,
  identity: IdentityApi,
  roles?: FunctionApiRoles,
): Promise<SignedBy> {
  try {
    const verified = await verifySignature<SigningCredentials>(
      'appsync',
      { ...request, url: request.path },
      (id) => identity.credentialsFor(id) ?? roles?.credentials(id),
    );
    const role = roles?.role(verified.creds.accessKeyId);
    if (role) return { role };
    return { iam: verified.creds as IssuedCredentials };
  } catch (err) {
    if (err instanceof SignatureError) throw new RequestError(err.status, err.code, err.message);
    throw err;
  }
}

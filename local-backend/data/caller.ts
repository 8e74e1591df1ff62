import type { IncomingHttpHeaders } from 'node:http';
import { TokenError, type IdentityApi, type IssuedCredentials, type UserPoolClaims } from '../identity/api.ts';
import type { ApiKeys } from './api-keys.ts';
import { RequestError } from './errors.ts';
import type { FunctionApiRoles, FunctionRole } from './function-api-roles.ts';
import { verifyAppSyncSignature, type SignedRequest } from './iam-auth.ts';
import type { AuthMode } from './models.ts';

/** Who sent a request, and with which AppSync authorization mode. */
export interface Caller {
  mode: AuthMode;
  claims?: UserPoolClaims;
  groups: string[];
  /** AWS_IAM: the identity-pool credentials the request was signed with (guest or signed-in identity). */
  iam?: IssuedCredentials;
  /** AWS_IAM: a function's execution role, allowed what its `appsync:GraphQL` statements allow. */
  role?: FunctionRole;
}

type Headers = Record<string, string | string[] | undefined> | IncomingHttpHeaders;

const header = (headers: Headers, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted) return Array.isArray(v) ? v[0] : (v ?? undefined);
  }
  return undefined;
};

const denied = (message: string) => new RequestError(401, 'UnauthorizedException', message);

/**
 * Picks the authorization mode from the headers as AppSync does (an API key header means API_KEY,
 * a SigV4 signature AWS_IAM, any other Authorization a Cognito user-pool token) and verifies it.
 * Used for HTTP requests, WebSocket connections and each subscription's own `authorization`;
 * `signed` is what a SigV4 signature covers (method, path, body) there.
 */
export async function authenticate(
  headers: Headers,
  apiKeys: ApiKeys,
  identity: IdentityApi,
  signed?: Omit<SignedRequest, 'headers'>,
  roles?: FunctionApiRoles,
): Promise<Caller> {
  const apiKey = header(headers, 'x-api-key');
  const authorization = header(headers, 'authorization');
  if (apiKey !== undefined && !authorization) {
    const state = apiKeys.check(apiKey);
    if (state === 'expired') throw denied('API key has expired.');
    if (state !== 'valid') throw denied('You are not authorized to make this call.');
    return { mode: 'API_KEY', groups: [] };
  }
  if (!authorization) throw denied('Valid authorization header not provided.');
  if (/^AWS4-HMAC-SHA256 /.test(authorization)) {
    if (!signed) throw denied('IAM authorization needs the signed request.');
    const by = await verifyAppSyncSignature(
      { ...signed, headers: headers as SignedRequest['headers'] },
      identity,
      roles,
    );
    return { mode: 'AWS_IAM', groups: [], ...by };
  }
  try {
    const claims = await identity.verifyToken(authorization.replace(/^Bearer /i, ''));
    const groups = claims['cognito:groups'];
    return { mode: 'AMAZON_COGNITO_USER_POOLS', claims, groups: Array.isArray(groups) ? groups.map(String) : [] };
  } catch (err) {
    if (!(err instanceof TokenError)) throw err;
    if (err.reason === 'expired') throw denied('Token has expired.');
    if (err.reason === 'malformed') throw denied('Unable to parse JWT token.');
    throw denied('Valid authorization header not provided.');
  }
}

import { signInTokens } from '../testing/cognito-requests.ts';
import type { TestBackend } from '../testing/test-backend.ts';

/** Helpers for the data tests: hand-sent requests as AppSync clients send them. */

export interface GqlResult {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Record<string, unknown>[] };
}

export function dataOutputs(backend: TestBackend): { url: string; api_key: string } {
  return backend.outputs['data'] as { url: string; api_key: string };
}

/** A user-pool access token, straight from the local Cognito (USER_PASSWORD_AUTH). */
export async function accessToken(backend: TestBackend, email: string, password: string): Promise<string> {
  return (await signInTokens(backend, email, password)).AccessToken;
}

export type Auth = { apiKey: string } | { token: string } | Record<string, never>;

export async function gql(
  backend: TestBackend,
  auth: Auth,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if ('apiKey' in auth) headers['x-api-key'] = auth.apiKey;
  if ('token' in auth) headers['authorization'] = auth.token;
  const res = await fetch(dataOutputs(backend).url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GqlResult['body'] };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

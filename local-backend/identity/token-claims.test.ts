import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeJwt, SignJWT, type JWTPayload } from 'jose';
import { cognitoCall, signInTokens } from '../testing/cognito-requests.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';

/*
 * Tokens signed with the pool's own key but with a claim AWS's verifier (aws-jwt-verify) would
 * refuse: each is refused by AppSync (raw HTTP, Authorization header) and by Cognito's GetUser.
 */
const [ADMIN] = DEMO_ACCOUNTS;
let backend: TestBackend;
let real: { id: JWTPayload; access: JWTPayload };
let kid: string;

before(async () => {
  backend = await startTestBackend();
  const result = await signInTokens(backend, ADMIN!.email, ADMIN!.password);
  real = { id: decodeJwt(result.IdToken), access: decodeJwt(result.AccessToken) };
  kid = backend.identityService.store.meta('signingKeyId')!;
});

after(async () => {
  await backend.stop();
});

const cognito = (operation: string, body: unknown) => cognitoCall(backend.baseUrl, operation, body);

/** A token signed with the pool's real key: only its claims are wrong. */
function forge(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const key = createPrivateKey(backend.identityService.store.meta('signingKeyPem')!);
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, ...header }).sign(key);
}

async function graphqlStatus(token: string): Promise<number> {
  const res = await fetch(`${backend.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query: '{ listSongs(limit: 1) { items { id } } }' }),
  });
  await res.arrayBuffer();
  return res.status;
}

const now = () => Math.floor(Date.now() / 1000);

describe('JWT claims are checked as AWS checks them', () => {
  test('tokens with the real claims, re-signed, are accepted (the forging itself is sound)', async () => {
    assert.equal(await graphqlStatus(await forge(real.id)), 200);
    assert.equal(await graphqlStatus(await forge(real.access)), 200);
    assert.equal((await cognito('GetUser', { AccessToken: await forge(real.access) })).status, 200);
  });

  const refused: [string, () => JWTPayload][] = [
    ['an ID token for another app client (aud)', () => ({ ...real.id, aud: 'another-client-id' })],
    ['an access token for another app client (client_id)', () => ({ ...real.access, client_id: 'another-client-id' })],
    ['an access token without client_id', () => ({ ...real.access, client_id: undefined })],
    ['a token not valid yet (nbf in the future)', () => ({ ...real.access, nbf: now() + 600 })],
    ['an expired token', () => ({ ...real.access, iat: now() - 7200, exp: now() - 3600 })],
    ['a token without exp', () => ({ ...real.access, exp: undefined })],
    ['a token from another issuer', () => ({ ...real.access, iss: 'https://cognito-idp.us-east-1.amazonaws.com/x' })],
    ['a token without token_use', () => ({ ...real.access, token_use: undefined })],
    ['a token with an unknown token_use', () => ({ ...real.access, token_use: 'refresh' })],
  ];
  for (const [name, claims] of refused) {
    test(`refused: ${name}`, async () => {
      const token = await forge(JSON.parse(JSON.stringify(claims())) as JWTPayload);
      assert.equal(await graphqlStatus(token), 401, 'AppSync');
      if (claims().token_use === 'access' || claims().token_use === undefined) {
        const getUser = await cognito('GetUser', { AccessToken: token });
        assert.equal(getUser.status, 400, 'Cognito');
        assert.equal(getUser.json['__type'], 'NotAuthorizedException');
      }
    });
  }

  test('refused: a token under another key id, and an unsigned one', async () => {
    assert.equal(await graphqlStatus(await forge(real.access, { kid: 'another-key' })), 401);
    const header = Buffer.from(JSON.stringify({ alg: 'none', kid })).toString('base64url');
    const body = Buffer.from(JSON.stringify(real.access)).toString('base64url');
    assert.equal(await graphqlStatus(`${header}.${body}.`), 401);
  });
});

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import {
  expectedSignature,
  g,
  makeVerifier,
  modPow,
  modPowN,
  N,
  padHex,
  passwordMatches,
  serverEphemeral,
  sessionKey,
} from './srp.ts';

// The client's own SRP helpers (internal to @aws-amplify/auth, so reached by file path): the server
// half must agree with them byte for byte.
interface ClientBigInteger {
  toString(radix: number): string;
}
interface ClientSrp {
  getAuthenticationHelper(pool: string): Promise<{
    A: ClientBigInteger;
    getPasswordAuthenticationKey(input: {
      username: string;
      password: string;
      serverBValue: ClientBigInteger;
      salt: ClientBigInteger;
    }): Promise<Uint8Array>;
  }>;
  getSignatureString(input: {
    userPoolName: string;
    username: string;
    challengeParameters: Record<string, string>;
    dateNow: string;
    hkdf: Uint8Array;
  }): string;
  getNowString(): string;
}

const amplifyRequire = createRequire(createRequire(import.meta.url).resolve('aws-amplify/package.json'));
const srpDir = join(
  dirname(amplifyRequire.resolve('@aws-amplify/auth/package.json')),
  'dist/esm/providers/cognito/utils/srp',
);
const client = (await import(pathToFileURL(join(srpDir, 'index.mjs')).href)) as ClientSrp;
const { BigInteger } = (await import(pathToFileURL(join(srpDir, 'BigInteger/index.mjs')).href)) as {
  BigInteger: new (hex: string, radix: number) => ClientBigInteger;
};
const { getPaddedHex } = (await import(pathToFileURL(join(srpDir, 'getPaddedHex.mjs')).href)) as {
  getPaddedHex(value: ClientBigInteger): string;
};

const POOL = 'a1b2c3d4e5f6';
const USER = '2f0c1f8e-58a4-4b7c-9d55-0f0a6a8b9c10';

async function clientKey(password: string, B: bigint, salt: string): Promise<{ A: string; key: Buffer }> {
  const helper = await client.getAuthenticationHelper(POOL);
  const key = await helper.getPasswordAuthenticationKey({
    username: USER,
    password,
    serverBValue: new BigInteger(B.toString(16), 16),
    salt: new BigInteger(salt, 16),
  });
  return { A: helper.A.toString(16), key: Buffer.from(key) };
}

test('padHex encodes like the client (two’s complement, even length)', () => {
  for (const value of [1n, 0x0fn, 0x80n, 0xecn, 0x1234n, 0xabcdefn, N, N - 1n, 2n ** 255n]) {
    assert.equal(padHex(value), getPaddedHex(new BigInteger(value.toString(16), 16)), value.toString(16));
  }
});

test('the server derives the same session key and expects the signature the client sends', async () => {
  const password = 'Correct-Horse-9';
  const { salt, verifier } = makeVerifier(POOL, USER, password);
  const eph = serverEphemeral(verifier);
  const { A, key } = await clientKey(password, eph.B, salt);
  const serverKey = sessionKey(A, eph, verifier);
  assert.deepEqual(serverKey, key);

  const secretBlock = Buffer.from('an opaque secret block').toString('base64');
  const dateNow = client.getNowString();
  const sent = client.getSignatureString({
    userPoolName: POOL,
    username: USER,
    challengeParameters: { SECRET_BLOCK: secretBlock },
    dateNow,
    hkdf: key,
  });
  assert.equal(expectedSignature(serverKey, POOL, USER, secretBlock, dateNow), sent);
});

test('a wrong password gives the client a different key', async () => {
  const { salt, verifier } = makeVerifier(POOL, USER, 'Correct-Horse-9');
  const eph = serverEphemeral(verifier);
  const { A, key } = await clientKey('Wrong-Horse-9', eph.B, salt);
  assert.notDeepEqual(sessionKey(A, eph, verifier), key);
});

test('the verifier checks clear passwords and hides them', () => {
  const { salt, verifier } = makeVerifier(POOL, USER, 'Correct-Horse-9');
  assert.equal(passwordMatches(POOL, USER, 'Correct-Horse-9', salt, verifier), true);
  assert.equal(passwordMatches(POOL, USER, 'correct-Horse-9', salt, verifier), false);
  assert.equal(passwordMatches(POOL, 'someone-else', 'Correct-Horse-9', salt, verifier), false);
  assert.ok(!verifier.includes(Buffer.from('Correct-Horse-9').toString('hex')));
  assert.notEqual(makeVerifier(POOL, USER, 'Correct-Horse-9').salt, salt, 'a fresh salt per verifier');
});

test('an A that is a multiple of N is refused', () => {
  const { verifier } = makeVerifier(POOL, USER, 'Correct-Horse-9');
  const eph = serverEphemeral(verifier);
  assert.throws(() => sessionKey('0', eph, verifier));
  assert.throws(() => sessionKey(N.toString(16), eph, verifier));
});

test('modular exponentiation through OpenSSL gives what BigInt square-and-multiply gives', () => {
  const random = (bytes: number) => BigInt('0x' + randomBytes(bytes).toString('hex'));
  // The exponent sizes the server uses: 256-bit hashes (x, u) and the 1024-bit ephemeral b.
  for (let i = 0; i < 40; i++) {
    const exp = random(i % 2 ? 32 : 128);
    const base = i % 4 === 0 ? g : random(384) % N;
    assert.equal(modPowN(base, exp), modPow(base, exp, N), `base ${base.toString(16)} exp ${exp.toString(16)}`);
  }
  // Degenerate bases (0, 1, N-1), bases above N, and small exponents.
  for (const [base, exp] of [
    [0n, 5n],
    [1n, 12345n],
    [N - 1n, 3n],
    [N - 1n, 4n],
    [N, 7n],
    [N + 2n, 300n],
    [2n, 0n],
    [2n, 1n],
    [5n, 1n],
    [random(400), random(128)],
  ] as const) {
    assert.equal(modPowN(base, exp), modPow(base, exp, N), `base ${base.toString(16)} exp ${exp.toString(16)}`);
  }
});

import { createHash, createHmac, createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';

/**
 * The server side of SRP-6a as Cognito runs it for USER_SRP_AUTH: the 3072-bit group of
 * RFC 5054 with g = 2, SHA-256, hex values padded the way the client pads them, and the
 * "Caldera Derived Key" HKDF that keys the PASSWORD_CLAIM_SIGNATURE.
 */
export const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
export const g = 2n;

/** Even-length hex, with a leading 00 when the top bit is set (a positive two's-complement value). */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (/^[89a-f]/i.test(hex)) hex = '00' + hex;
  return hex;
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex').padStart(64, '0');
}

function hashOfHex(hex: string): bigint {
  return BigInt('0x' + sha256Hex(Buffer.from(hex, 'hex')));
}

/** Square-and-multiply in BigInt: the reference the OpenSSL path is tested against. */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** DER: a tag, its length, its contents. */
function der(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}
const derInteger = (value: bigint) => der(0x02, Buffer.from(padHex(value), 'hex'));
const DH_KEY_AGREEMENT = Buffer.from('06092a864886f70d010301', 'hex'); // OID 1.2.840.113549.1.3.1
const N_DER = derInteger(N);

/** The contents of the DER element that starts at `at`, and where the next one starts. */
function derElement(buf: Buffer, at: number): { body: Buffer; next: number } {
  let length = buf[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + buf[start + i]!;
    start += bytes;
  }
  return { body: buf.subarray(start, start + length), next: start + length };
}

/**
 * base^exp mod N through OpenSSL, five to ten times faster than BigInt: a Diffie-Hellman private
 * key over N with `base` as its generator and `exp` as its private value is imported, and OpenSSL
 * computes its public value — base^exp mod N — on import. (A long-lived createDiffieHellman()
 * context would do the same, but building one tests N for primality: seconds of CPU.)
 */
export function modPowN(base: bigint, exp: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (b <= 1n || exp <= 0n) return modPow(b, exp, N);
  const pkcs8 = der(
    0x30,
    Buffer.concat([
      derInteger(0n),
      der(0x30, Buffer.concat([DH_KEY_AGREEMENT, der(0x30, Buffer.concat([N_DER, derInteger(b)]))])),
      der(0x04, derInteger(exp)),
    ]),
  );
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING { INTEGER public value } }
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const info = derElement(spki, 0).body;
  const bits = derElement(info, derElement(info, 0).next).body;
  return BigInt('0x' + derElement(bits, 1).body.toString('hex'));
}

export const k = hashOfHex(padHex(N) + padHex(g));

/** x = H(salt | H(poolName | username | ":" | password)), as the client derives it. */
function privateKey(poolName: string, username: string, password: string, saltHex: string): bigint {
  const inner = sha256Hex(`${poolName}${username}:${password}`);
  return hashOfHex(padHex(BigInt('0x' + saltHex)) + inner);
}

/** What is stored instead of a password: a salt and the verifier v = g^x mod N. */
export function makeVerifier(poolName: string, username: string, password: string): { salt: string; verifier: string } {
  const salt = randomBytes(16).toString('hex');
  return { salt, verifier: makeVerifierWithSalt(poolName, username, password, salt) };
}

export function makeVerifierWithSalt(poolName: string, username: string, password: string, salt: string): string {
  return modPowN(g, privateKey(poolName, username, password, salt)).toString(16);
}

/** Checks a clear password (USER_PASSWORD_AUTH) against the stored verifier. */
export function passwordMatches(
  poolName: string,
  username: string,
  password: string,
  salt: string,
  verifier: string,
): boolean {
  return modPowN(g, privateKey(poolName, username, password, salt)) === BigInt('0x' + verifier);
}

export interface ServerEphemeral {
  b: bigint;
  B: bigint;
}

/**
 * The server's ephemeral pair. b is 256 random bits: 128-bit security, which is what the 3072-bit
 * group itself offers, for a quarter of the exponentiation cost of a 1024-bit b (b never leaves
 * the server, so clients cannot tell).
 */
export function serverEphemeral(verifierHex: string): ServerEphemeral {
  const v = BigInt('0x' + verifierHex);
  for (;;) {
    const b = BigInt('0x' + randomBytes(32).toString('hex'));
    const B = (k * v + modPowN(g, b)) % N;
    if (B !== 0n) return { b, B };
  }
}

/** The 16-byte key both sides derive from the shared secret S. */
export function sessionKey(Ahex: string, eph: ServerEphemeral, verifierHex: string): Buffer {
  const A = BigInt('0x' + Ahex);
  if (A % N === 0n) throw new Error('SRP_A is invalid');
  const u = hashOfHex(padHex(A) + padHex(eph.B));
  if (u === 0n) throw new Error('u is zero');
  const v = BigInt('0x' + verifierHex);
  const S = modPowN(A * modPowN(v, u), eph.b);
  const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex'))
    .update(Buffer.from(padHex(S), 'hex'))
    .digest();
  const info = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);
  return createHmac('sha256', prk).update(info).digest().subarray(0, 16);
}

/** HMAC(key, poolName | username | secretBlock | timestamp), base64: what the client must send. */
export function expectedSignature(
  key: Buffer,
  poolName: string,
  username: string,
  secretBlockB64: string,
  timestamp: string,
): string {
  const message = Buffer.concat([
    Buffer.from(poolName, 'utf8'),
    Buffer.from(username, 'utf8'),
    Buffer.from(secretBlockB64, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  return createHmac('sha256', key).update(message).digest('base64');
}

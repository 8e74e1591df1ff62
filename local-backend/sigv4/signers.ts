import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { IssuedCredentials } from '../identity/api.ts';

/** SHA-256 and HMAC-SHA-256 for the signer through node:crypto (OpenSSL) rather than JavaScript. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}
const toBytes = (v: string | ArrayBuffer | ArrayBufferView): string | Buffer | Uint8Array =>
  typeof v === 'string'
    ? v
    : v instanceof ArrayBuffer
      ? Buffer.from(v)
      : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** The key SigV4 derives for a day, region and service; chunk signatures are made with it too. */
export function signingKey(secret: string, date: string, region: string): Buffer {
  const id = `${secret}\n${date}\n${region}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    for (const part of [region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    remember(signingKeys, id, key);
  }
  return key;
}

// Signers (which keep their derived keys) and signing keys, per caller: deriving a key is four
// HMACs, a good share of a small request's cost. Bounded, as credentials come and go.
const CACHE_LIMIT = 1000;
const signers = new Map<string, SignatureV4>();
const signingKeys = new Map<string, Buffer>();
function remember<T>(cache: Map<string, T>, id: string, value: T): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(id, value);
}

export function signerFor(creds: IssuedCredentials, region: string, sessionToken: string | undefined): SignatureV4 {
  const id = [creds.accessKeyId, creds.secretAccessKey, region, sessionToken ?? ''].join('\n');
  let signer = signers.get(id);
  if (!signer) {
    signer = new SignatureV4({
      service: 's3',
      region,
      sha256: NodeSha256,
      uriEscapePath: false,
      applyChecksum: false,
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken },
    });
    remember(signers, id, signer);
  }
  return signer;
}

import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

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

/** The key SigV4 derives for a day, region and service; S3's chunk signatures are made with it too. */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
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

export interface SignerCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * A @smithy/signature-v4 signer for `service` with these credentials. S3 signs the path exactly as
 * sent (no second encoding); the other services encode it once more, as their clients do.
 */
export function signerFor(
  creds: SignerCredentials,
  service: string,
  region: string,
  sessionToken: string | undefined,
): SignatureV4 {
  const id = [creds.accessKeyId, creds.secretAccessKey, service, region, sessionToken ?? ''].join('\n');
  let signer = signers.get(id);
  if (!signer) {
    signer = new SignatureV4({
      service,
      region,
      sha256: NodeSha256,
      uriEscapePath: service !== 's3',
      applyChecksum: false,
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken },
    });
    remember(signers, id, signer);
  }
  return signer;
}

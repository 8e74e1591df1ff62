import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { TokenError, type UserPoolClaims } from './api.ts';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** RS256 JWTs for the user pool, with the key pair kept in the identity store. */
export class TokenSigner {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(privatePem: string, kid: string) {
    this.privateKey = createPrivateKey(privatePem);
    this.publicKey = createPublicKey(this.privateKey);
    this.kid = kid;
  }

  static generatePem(): string {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  sign(claims: Record<string, unknown>): string {
    const header = b64url(JSON.stringify({ kid: this.kid, alg: 'RS256' }));
    const payload = b64url(JSON.stringify({ jti: randomUUID(), ...claims }));
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  /** Checks shape, signature, issuer, expiry and use; the caller checks revocation. */
  verify(token: string, issuer: string, use?: 'id' | 'access'): UserPoolClaims {
    const parts = token.split('.');
    if (parts.length !== 3) throw new TokenError('Token is not a JWT', 'malformed');
    let header: { kid?: string; alg?: string };
    let claims: UserPoolClaims;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString());
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString());
    } catch {
      throw new TokenError('Token is not a JWT', 'malformed');
    }
    if (header.alg !== 'RS256' || header.kid !== this.kid)
      throw new TokenError('Token was not signed by this user pool', 'signature');
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      this.publicKey,
      Buffer.from(parts[2]!, 'base64url'),
    );
    if (!ok) throw new TokenError('Token signature is invalid', 'signature');
    if (claims.iss !== issuer) throw new TokenError('Token was issued by another user pool', 'issuer');
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now())
      throw new TokenError('Token has expired', 'expired');
    if (use && claims.token_use !== use) throw new TokenError(`Token is not an ${use} token`, 'use');
    return claims;
  }
}

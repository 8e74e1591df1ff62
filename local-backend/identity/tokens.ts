import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { TokenError, type UserPoolClaims } from './api.ts';

/** What a token must have been issued for: the user pool (issuer) and its app client. */
export interface TokenAudience {
  issuer: string;
  clientId: string;
}

/** RS256 JWTs for the user pool (signed and verified with `jose`), with the key pair kept in the identity store. */
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

  sign(claims: Record<string, unknown>): Promise<string> {
    return new SignJWT({ jti: randomUUID(), ...claims } as JWTPayload)
      .setProtectedHeader({ kid: this.kid, alg: 'RS256' })
      .sign(this.privateKey);
  }

  /**
   * Checks a token as AWS's own verifier (aws-jwt-verify) does: RS256 signature by this pool's
   * key, `exp` and `nbf` (no grace), `iss`, `token_use`, and the app client — `aud` in an ID
   * token, `client_id` in an access token. The caller checks revocation.
   */
  async verify(token: string, audience: TokenAudience, use?: 'id' | 'access'): Promise<UserPoolClaims> {
    let claims: UserPoolClaims;
    try {
      const verified = await jwtVerify(
        token,
        (header) => {
          if (header.kid !== this.kid) throw new TokenError('Token was not signed by this user pool', 'signature');
          return this.publicKey;
        },
        { algorithms: ['RS256'], issuer: audience.issuer, requiredClaims: ['exp', 'iat', 'token_use'] },
      );
      claims = verified.payload as UserPoolClaims;
    } catch (err) {
      throw asTokenError(err);
    }
    if (claims.token_use !== 'id' && claims.token_use !== 'access')
      throw new TokenError('Token has no valid token_use', 'use');
    if (use && claims.token_use !== use) throw new TokenError(`Token is not an ${use} token`, 'use');
    const client = claims.token_use === 'id' ? claims.aud : claims.client_id;
    if (client !== audience.clientId) throw new TokenError('Token was issued to another app client', 'client');
    return claims;
  }
}

function asTokenError(err: unknown): TokenError {
  if (err instanceof TokenError) return err;
  if (err instanceof errors.JWTExpired) return new TokenError('Token has expired', 'expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new TokenError('Token was issued by another user pool', 'issuer');
    if (err.claim === 'nbf') return new TokenError('Token is not valid yet', 'not-yet-valid');
    if (err.claim === 'token_use') return new TokenError('Token has no token_use', 'use');
    return new TokenError(`Token claim ${err.claim} is invalid`, 'malformed');
  }
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JOSENotSupported
  ) {
    return new TokenError('Token signature is invalid', 'signature');
  }
  return new TokenError('Token is not a JWT', 'malformed');
}

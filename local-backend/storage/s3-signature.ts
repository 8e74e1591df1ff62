import type { IncomingMessage } from 'node:http';
import type { IssuedCredentials } from '../identity/api.ts';
import { signingKey } from '../sigv4/signers.ts';
import { verifySignature } from '../sigv4/verify.ts';

export { SIGNATURE_MISMATCH } from '../sigv4/service-rules.ts';

/** What the body's chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) chain on from. */
export interface SeedSignature {
  signature: string;
  amzDate: string;
  scope: string;
  key: Buffer;
}

export interface VerifiedRequest {
  caller: IssuedCredentials;
  /** Absent for presigned URLs, whose payload is never signed. */
  seed: SeedSignature | undefined;
}

/**
 * An S3 request's SigV4 signature (Authorization header or presigned URL), verified as S3 does;
 * a refusal is a SignatureError with S3's code. The payload is checked later, as it streams in.
 */
export async function verifyS3Request(
  req: IncomingMessage,
  lookup: (accessKeyId: string) => IssuedCredentials | undefined,
): Promise<VerifiedRequest> {
  const verified = await verifySignature(
    's3',
    { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers },
    lookup,
  );
  const { creds, date, region } = verified;
  return {
    caller: creds,
    seed: verified.presigned
      ? undefined
      : {
          signature: verified.signature,
          amzDate: verified.amzDate,
          scope: `${date}/${region}/s3/aws4_request`,
          key: signingKey(creds.secretAccessKey, date, region, 's3'),
        },
  };
}

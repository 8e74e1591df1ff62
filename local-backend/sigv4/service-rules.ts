/** Why a signature was refused; each service answers every reason with its own error code. */
export type SignatureFailure =
  /** Neither an Authorization header nor a presigned query. */
  | 'missing'
  /** Credential scope, date, signed headers (without host) or signature not as SigV4 writes them. */
  | 'malformed'
  /** The same, in a presigned URL's query. */
  | 'malformed-query'
  /** X-Amz-Expires outside 1 s – 7 days. */
  | 'bad-expiry'
  /** A header-signed S3 request without x-amz-content-sha256. */
  | 'no-payload-hash'
  /** A header named in SignedHeaders is not in the request. */
  | 'signed-header-absent'
  | 'unknown-key'
  /** The session token sent is not the one issued with the access key. */
  | 'wrong-token'
  | 'expired-credentials'
  /** Signed too long ago (or ahead): outside the service's clock-skew window. */
  | 'skewed'
  | 'presign-expired'
  /** x-amz-content-sha256 does not match the body (services that see the whole body). */
  | 'payload-hash-mismatch'
  | 'mismatch';

export type SigV4Service = 's3' | 'appsync' | 'cognito-idp' | 'dynamodb';

export interface ServiceRules {
  /** How far the signing time may be from now. */
  maxSkewMs: number;
  /** Whether presigned URLs (the signature in the query) are accepted. */
  presigned: boolean;
  /** Whether a header-signed request must say how its payload was hashed (S3 does). */
  payloadHashHeader: boolean;
  /** The error code and status the service answers each failure with, and its message. */
  errors: Record<SignatureFailure, { code: string; status: number; message: (detail: string) => string }>;
}

const MINUTE = 60_000;
const tokenInvalid = () => 'The security token included in the request is invalid.';

/** AppSync, the Cognito API and DynamoDB (AWS JSON protocols) answer alike; only the status differs. */
function jsonServiceErrors(service: string, status: number): ServiceRules['errors'] {
  const incomplete = {
    code: 'IncompleteSignatureException',
    status,
    message: () =>
      `Authorization header requires Credential (.../${service}/aws4_request), SignedHeaders (with host), Signature and an X-Amz-Date header.`,
  };
  const invalid = (message: (detail: string) => string) => ({ code: 'InvalidSignatureException', status, message });
  return {
    missing: { code: 'MissingAuthenticationTokenException', status, message: () => 'Missing Authentication Token' },
    malformed: incomplete,
    'malformed-query': incomplete,
    'bad-expiry': incomplete,
    'no-payload-hash': incomplete,
    'signed-header-absent': {
      ...incomplete,
      message: (name) => `'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`,
    },
    'unknown-key': { code: 'UnrecognizedClientException', status, message: tokenInvalid },
    'wrong-token': { code: 'UnrecognizedClientException', status, message: tokenInvalid },
    'expired-credentials': {
      code: 'ExpiredTokenException',
      status,
      message: () => 'The security token included in the request is expired',
    },
    skewed: invalid((amzDate) => `Signature expired: ${amzDate} is not within 5 minutes of now.`),
    'presign-expired': invalid(() => 'Signature expired.'),
    'payload-hash-mismatch': invalid(() => 'The x-amz-content-sha256 header does not match the body.'),
    mismatch: invalid(
      () =>
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    ),
  };
}

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

const s3Malformed = () =>
  'The authorization information is malformed (credential scope, date, signed headers or signature).';

/** Each service's SigV4 rules, as AWS applies them. */
export const SERVICE_RULES: Record<SigV4Service, ServiceRules> = {
  s3: {
    maxSkewMs: 15 * MINUTE,
    presigned: true,
    payloadHashHeader: true,
    errors: {
      missing: { code: 'AccessDenied', status: 403, message: () => 'Access Denied' },
      malformed: { code: 'AuthorizationHeaderMalformed', status: 400, message: s3Malformed },
      'malformed-query': { code: 'AuthorizationQueryParametersError', status: 400, message: (d) => d || s3Malformed() },
      'bad-expiry': {
        code: 'AuthorizationQueryParametersError',
        status: 400,
        message: () => 'X-Amz-Expires must be a whole number of seconds between 1 and 604800.',
      },
      'no-payload-hash': {
        code: 'InvalidRequest',
        status: 400,
        message: () => 'Missing required header for this request: x-amz-content-sha256',
      },
      // S3 signs an absent header as empty: the signatures then differ.
      'signed-header-absent': { code: 'SignatureDoesNotMatch', status: 403, message: () => SIGNATURE_MISMATCH },
      'unknown-key': {
        code: 'InvalidAccessKeyId',
        status: 403,
        message: () => 'The AWS Access Key Id you provided does not exist in our records.',
      },
      'wrong-token': {
        code: 'InvalidToken',
        status: 400,
        message: () => 'The provided token is malformed or otherwise invalid.',
      },
      'expired-credentials': { code: 'ExpiredToken', status: 400, message: () => 'The provided token has expired.' },
      skewed: {
        code: 'RequestTimeTooSkewed',
        status: 403,
        message: () => 'The difference between the request time and the current time is too large.',
      },
      'presign-expired': { code: 'AccessDenied', status: 403, message: () => 'Request has expired' },
      'payload-hash-mismatch': {
        code: 'XAmzContentSHA256Mismatch',
        status: 400,
        message: () => "The provided 'x-amz-content-sha256' header does not match what was computed.",
      },
      mismatch: { code: 'SignatureDoesNotMatch', status: 403, message: () => SIGNATURE_MISMATCH },
    },
  },
  appsync: {
    maxSkewMs: 5 * MINUTE,
    presigned: false,
    payloadHashHeader: false,
    errors: jsonServiceErrors('appsync', 403),
  },
  'cognito-idp': {
    maxSkewMs: 5 * MINUTE,
    presigned: false,
    payloadHashHeader: false,
    errors: jsonServiceErrors('cognito-idp', 400),
  },
  dynamodb: {
    maxSkewMs: 5 * MINUTE,
    presigned: false,
    payloadHashHeader: false,
    errors: jsonServiceErrors('dynamodb', 400),
  },
};

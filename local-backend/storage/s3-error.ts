const STATUS: Record<string, number> = {
  AccessDenied: 403,
  SignatureDoesNotMatch: 403,
  InvalidAccessKeyId: 403,
  ExpiredToken: 400,
  InvalidToken: 400,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  RequestTimeTooSkewed: 403,
  BadDigest: 400,
  InvalidDigest: 400,
  NoSuchKey: 404,
  NoSuchBucket: 404,
  NoSuchUpload: 404,
  NoSuchVersion: 404,
  NoSuchConfiguration: 404,
  InvalidArgument: 400,
  InvalidRequest: 400,
  InvalidURI: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  EntityTooSmall: 400,
  EntityTooLarge: 400,
  KeyTooLongError: 400,
  MalformedXML: 400,
  XAmzContentSHA256Mismatch: 400,
  IncompleteBody: 400,
  MalformedTrailerError: 400,
  InvalidChunkSizeError: 400,
  MissingContentLength: 411,
  PreconditionFailed: 412,
  InvalidRange: 416,
  MethodNotAllowed: 405,
  NotImplemented: 501,
};

/** An error S3 would answer with, as its XML error document and status. */
export class S3Error extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
    /** Response headers S3 sends with this error (x-amz-delete-marker, say). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = STATUS[code] ?? 400;
  }
}

/** The most one PUT (or one part of a multipart upload) may carry: 5 GiB. */
export const MAX_UPLOAD_SIZE = 5 * 1024 ** 3;

/** S3's answer to a body declared larger than MAX_UPLOAD_SIZE, sent before any of it is read. */
export const entityTooLarge = (proposed: number) =>
  new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
    ProposedSize: String(proposed),
    MaxSizeAllowed: String(MAX_UPLOAD_SIZE),
  });

export const preconditionFailed = (condition: string) =>
  new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    Condition: condition,
  });

import { type MonoTypeOperatorFunction, catchError, throwError } from 'rxjs';
import { AttachmentError, type AttachmentErrorKind } from './attachment-error';

/** Messages for when the caller has nothing more specific to say. */
export const DEFAULT_MESSAGES: Record<AttachmentErrorKind, string> = {
  forbidden:
    'Your role does not allow this. If your role was changed, sign out and sign in again. Nothing was changed.',
  conflict: 'Someone else changed this since you opened it. Reload to see their change, then try again.',
  'not-found': 'This no longer exists: someone may have deleted it.',
  'invalid-file': 'This file cannot be attached.',
  'invalid-input': 'Check what you entered.',
  unavailable: 'The backend cannot be reached. Check your connection and try again in a moment.',
  canceled: 'Canceled.',
  unknown: 'Something unexpected went wrong.',
};

const FORBIDDEN = new Set([
  'Unauthorized',
  'UnauthorizedException',
  'AccessDenied',
  'Forbidden',
  'NotAuthorizedException',
  'UserUnAuthenticatedException',
  'NoCredentials',
  'InvalidAccessKeyId',
  'ExpiredToken',
]);
const NOT_FOUND = new Set(['NotFound', 'NoSuchKey', 'NoSuchUpload', 'NoSuchBucket']);
const UNAVAILABLE = new Set([
  'NetworkError',
  'ERR_NETWORK',
  'TimeoutError',
  'RequestTimeout',
  'ServiceUnavailable',
  'SlowDown',
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalError',
  'InternalFailure',
]);

interface RawError {
  name?: unknown;
  message?: unknown;
  errorType?: unknown;
  errors?: unknown;
  originalError?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function kindOf(err: RawError, depth = 0): AttachmentErrorKind | undefined {
  if (depth > 3 || err === null || typeof err !== 'object') return undefined;
  const name = typeof err.name === 'string' ? err.name : '';
  const type = typeof err.errorType === 'string' ? err.errorType : '';
  const message = typeof err.message === 'string' ? err.message : '';
  const status = typeof err.$metadata?.httpStatusCode === 'number' ? err.$metadata.httpStatusCode : 0;
  if (name === 'CanceledError' || name === 'AbortError') return 'canceled';
  if (type.includes('ConditionalCheckFailed') || name === 'PreconditionFailed' || status === 412) return 'conflict';
  if (FORBIDDEN.has(type) || FORBIDDEN.has(name) || status === 401 || status === 403) return 'forbidden';
  if (NOT_FOUND.has(name) || status === 404) return 'not-found';
  if (UNAVAILABLE.has(name) || UNAVAILABLE.has(type) || status === 429 || status >= 500) return 'unavailable';
  if (/^(Network error|Failed to fetch|Load failed|NetworkError when attempting)/i.test(message)) return 'unavailable';
  // An error answer that is not S3's XML (a proxy's or load balancer's page, or the local
  // backend's --fail-rate answer) makes the Storage client throw this instead of its error.
  if (message.startsWith('Failed to parse XML response')) return 'unavailable';
  // A GraphQL rejection carries its errors in a list; a GraphQL error may wrap the network error.
  if (Array.isArray(err.errors)) {
    for (const e of err.errors as RawError[]) {
      const inner = kindOf(e, depth + 1);
      if (inner) return inner;
    }
  }
  if (err.originalError) return kindOf(err.originalError as RawError, depth + 1);
  return undefined;
}

function detailOf(err: unknown): string {
  const e = err as RawError;
  const first = Array.isArray(e?.errors) ? (e.errors[0] as RawError | undefined) : undefined;
  const message = first?.message ?? e?.message;
  return typeof message === 'string' && message ? message : String(err);
}

/**
 * Turns anything the Amplify clients throw (Storage errors, GraphQL rejections, auth errors,
 * network failures) into the one AttachmentError. `messages` gives the caller's wording per kind.
 */
export function toAttachmentError(
  err: unknown,
  messages: Partial<Record<AttachmentErrorKind, string>> = {},
): AttachmentError {
  if (err instanceof AttachmentError) {
    const better = messages[err.kind];
    return better && better !== err.message ? new AttachmentError(err.kind, better, { cause: err.cause ?? err }) : err;
  }
  const kind = kindOf(err as RawError) ?? 'unknown';
  const message =
    messages[kind] ?? (kind === 'unknown' ? `${DEFAULT_MESSAGES.unknown} (${detailOf(err)})` : DEFAULT_MESSAGES[kind]);
  return new AttachmentError(kind, message, { cause: err });
}

/** Whether an error is worth trying again later (the backend was unreachable or overloaded). */
export function isTransient(err: unknown): boolean {
  return (err instanceof AttachmentError ? err.kind : kindOf(err as RawError)) === 'unavailable';
}

/** Makes any error a stream fails with the one AttachmentError. */
export function mapErrors<V>(): MonoTypeOperatorFunction<V> {
  return catchError((err: unknown) => throwError(() => toAttachmentError(err)));
}

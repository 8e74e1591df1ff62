import { AttachmentError } from './attachment-error';
import { DEFAULT_MESSAGES, isTransient, toAttachmentError } from './error-mapping';

/** Shapes as the aws-amplify clients throw them (checked against the real client in integration/). */
const storageError = (name: string, status?: number) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: status ? { httpStatusCode: status } : undefined });
const graphqlRejection = (errorType: string, message = 'x') => ({ data: null, errors: [{ errorType, message }] });
const networkGraphql = () => ({
  data: {},
  errors: [
    { message: 'Network error', originalError: Object.assign(new Error('Network error'), { name: 'NetworkError' }) },
  ],
});

describe('toAttachmentError', () => {
  const kind = (err: unknown) => toAttachmentError(err).kind;

  it('maps refusals to forbidden', () => {
    expect(kind(graphqlRejection('Unauthorized'))).toBe('forbidden');
    expect(kind(storageError('AccessDenied', 403))).toBe('forbidden');
    expect(kind(storageError('NotAuthorizedException', 400))).toBe('forbidden');
    expect(kind(storageError('NoCredentials'))).toBe('forbidden');
  });

  it('maps a failed condition to conflict', () => {
    expect(kind(graphqlRejection('DynamoDB:ConditionalCheckFailedException'))).toBe('conflict');
    expect(kind(storageError('PreconditionFailed', 412))).toBe('conflict');
  });

  it('maps missing objects to not-found', () => {
    expect(kind(storageError('NotFound', 404))).toBe('not-found');
    expect(kind(storageError('NoSuchKey', 404))).toBe('not-found');
  });

  it('maps network failures, 5xx and throttling to unavailable', () => {
    expect(kind(storageError('NetworkError'))).toBe('unavailable');
    expect(kind(storageError('ERR_NETWORK'))).toBe('unavailable');
    expect(kind(storageError('ServiceUnavailable', 503))).toBe('unavailable');
    expect(kind(storageError('SlowDown', 429))).toBe('unavailable');
    expect(kind(networkGraphql())).toBe('unavailable');
    expect(kind(new TypeError('Failed to fetch'))).toBe('unavailable');
    expect(kind(new Error('Failed to parse XML response: TypeError: x'))).toBe('unavailable');
  });

  it('maps a canceled transfer to canceled', () => {
    expect(kind(storageError('CanceledError'))).toBe('canceled');
  });

  it('keeps the detail of anything else, as unknown', () => {
    const error = toAttachmentError(new Error('Disk on fire'));
    expect(error.kind).toBe('unknown');
    expect(error.message).toBe('Something unexpected went wrong. (Disk on fire)');
    expect(toAttachmentError(graphqlRejection('Weird', 'odd')).message).toContain('(odd)');
  });

  it('speaks to a person, and keeps the raw error as the cause', () => {
    const raw = graphqlRejection('Unauthorized');
    const error = toAttachmentError(raw);
    expect(error).toBeInstanceOf(AttachmentError);
    expect(error.message).toBe(DEFAULT_MESSAGES.forbidden);
    expect(error.cause).toBe(raw);
  });

  it('takes the caller’s wording per kind, also for an AttachmentError', () => {
    expect(toAttachmentError(storageError('NotFound', 404), { 'not-found': 'Gone.' }).message).toBe('Gone.');
    const mapped = new AttachmentError('conflict', 'generic');
    expect(toAttachmentError(mapped).message).toBe('generic');
    expect(toAttachmentError(mapped, { conflict: 'specific' }).message).toBe('specific');
  });
});

describe('isTransient', () => {
  it('is true only for unavailable', () => {
    expect(isTransient(storageError('ServiceUnavailable', 503))).toBeTrue();
    expect(isTransient(new AttachmentError('unavailable', 'x'))).toBeTrue();
    expect(isTransient(new AttachmentError('conflict', 'x'))).toBeFalse();
    expect(isTransient(graphqlRejection('Unauthorized'))).toBeFalse();
  });
});

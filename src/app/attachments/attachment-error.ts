/** What went wrong, in the terms an operator can act on. */
export type AttachmentErrorKind =
  | 'forbidden' // the backend refused: the role may not do this (or changed mid-session)
  | 'conflict' // someone else changed the record since it was shown
  | 'not-found' // the record or file no longer exists
  | 'invalid-file' // refused before upload: empty, too large, wrong type
  | 'invalid-input' // refused before any request: e.g. an empty or too-long title
  | 'unavailable' // offline, or the backend cannot be reached / answers 5xx
  | 'canceled' // the operator canceled (e.g. an upload)
  | 'unknown';

/** The one error type every attachment workflow fails with. `message` is shown to the operator as is. */
export class AttachmentError extends Error {
  override readonly name = 'AttachmentError';
  constructor(
    readonly kind: AttachmentErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

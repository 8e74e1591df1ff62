import { AttachmentError } from '../attachment-error';

export const unavailable = () => new AttachmentError('unavailable', 'The backend cannot be reached.');
export const forbidden = () => new AttachmentError('forbidden', 'Your role does not allow this.');

/** The AttachmentError `work` fails with; fails itself when `work` succeeds or fails otherwise. */
export async function rejection(work: Promise<unknown>): Promise<AttachmentError> {
  try {
    await work;
  } catch (err) {
    if (err instanceof AttachmentError) return err;
    throw new Error(`expected an AttachmentError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a failure');
}

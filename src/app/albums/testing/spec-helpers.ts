import { AttachmentError } from '../../attachments/attachment-error';

export const unavailable = () => new AttachmentError('unavailable', 'The backend cannot be reached.');

export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 200) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

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

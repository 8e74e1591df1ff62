import { AttachmentError } from '../attachments/attachment-error';

/**
 * Most images one album may hold. The whole list lives in one DynamoDB item, and an item can be at
 * most 400 KB. A path is `images/<36-char id>/<36-char uuid>-<name of at most 100 characters>`:
 * 81 ASCII bytes plus at most 400 bytes of UTF-8 name, about 482 bytes with DynamoDB's per-element
 * overhead. 500 such paths take at most ~241 KB, which leaves room for the name and timestamps and
 * for fields added later, and keeps every list write (it rewrites the whole list) well below the
 * limit. Typical paths are ~100 bytes, so a full album is usually ~50 KB per write.
 */
export const MAX_IMAGES_PER_ALBUM = 500;

/** How many uploads of an add batch run at once, and how often an add re-applies itself: the workflow's. */
export { ADD_ATTEMPTS, UPLOAD_CONCURRENCY } from '../attachments/record-files-add';

/** Longest album name, in characters (fits a table cell; see MAX_IMAGES_PER_ALBUM for the bytes). */
export const MAX_NAME_LENGTH = 200;

/** The name as stored (trimmed, NFC), or the invalid-input error that says what to fix. */
export function checkAlbumName(raw: string): string | AttachmentError {
  const name = (raw ?? '').normalize('NFC').trim();
  const invalid = (message: string) => new AttachmentError('invalid-input', message);
  if (!name) return invalid('Give the album a name.');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    return invalid('A name cannot contain line breaks, tabs or other control characters.');
  }
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH) {
    return invalid(`A name can be at most ${MAX_NAME_LENGTH} characters; this one has ${length.toLocaleString('en')}.`);
  }
  return name;
}

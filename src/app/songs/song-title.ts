import type { AbstractControl, ValidationErrors } from '@angular/forms';
import { AttachmentError } from '../attachments/attachment-error';

/**
 * Longest title, in characters. Longer than any real song title we know of (the long ones run to
 * about 150), short enough to show in a table cell and to search quickly across 10,000 songs.
 */
export const MAX_TITLE_LENGTH = 200;

/** The title as stored (trimmed, NFC), or the invalid-input error that says what to fix. */
export function checkTitle(raw: string): string | AttachmentError {
  const title = (raw ?? '').normalize('NFC').trim();
  const invalid = (message: string) => new AttachmentError('invalid-input', message);
  if (!title) return invalid('Give the song a title.');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(title)) {
    return invalid('A title cannot contain line breaks, tabs or other control characters.');
  }
  const length = [...title].length;
  if (length > MAX_TITLE_LENGTH) {
    return invalid(
      `A title can be at most ${MAX_TITLE_LENGTH} characters; this one has ${length.toLocaleString('en')}.`,
    );
  }
  return title;
}

/** A form validator with the same rule, so a form refuses exactly what the service would (never cuts). */
export function validTitle(control: AbstractControl<string>): ValidationErrors | null {
  const checked = checkTitle(control.value);
  return checked instanceof AttachmentError ? { title: checked.message } : null;
}

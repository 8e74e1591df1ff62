/** Longest file name kept in a key, in characters (keys stay far below S3's 1,024 bytes). */
export const MAX_NAME_LENGTH = 100;

/**
 * The file name as it goes into a key: unicode letters, digits and marks, `.`, `-` and `_` stay;
 * whitespace becomes `-`; path separators, control characters, emoji and other symbols go.
 * No leading dots (no hidden files, no `..`), capped at MAX_NAME_LENGTH keeping the extension.
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/\s+/gu, '-')
    .replace(/[^\p{L}\p{N}\p{M}._-]/gu, '')
    .replace(/([._-])\1+/g, '$1');
  const dot = cleaned.lastIndexOf('.');
  const hasExt = dot >= 0 && /^\.[\p{L}\p{N}]{1,15}$/u.test(cleaned.slice(dot));
  const ext = hasExt ? cleaned.slice(dot) : '';
  const stem = (hasExt ? cleaned.slice(0, dot) : cleaned).replace(/^[._-]+/, '').replace(/[._-]+$/, '') || 'file';
  const room = MAX_NAME_LENGTH - [...ext].length;
  return (
    [...stem]
      .slice(0, room)
      .join('')
      .replace(/[._-]+$/, '') + ext
  );
}

/** True for ids that can be one key segment: no separators, dots-only or control characters. */
export function isSafeRecordId(id: string): boolean {
  return /^[\p{L}\p{N}_-]{1,128}$/u.test(id);
}

/** Kept for callers that still import it from here: the one file-name helper is `fileNameOf`. */
export { fileNameOf as displayName } from '../shared/format/file-format';

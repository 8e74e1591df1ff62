/** How the Songs screens write a file's type (names and sizes: shared/format/file-format.ts). */

/** A short type label from a MIME type: "image/png" → "PNG". */
export function typeLabel(contentType: string | undefined): string {
  if (!contentType) return '';
  const sub = contentType.split(';')[0]!.split('/')[1] ?? contentType;
  return sub.replace(/^x-/, '').split('+')[0]!.toUpperCase();
}

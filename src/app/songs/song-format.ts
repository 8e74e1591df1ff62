/** How the Songs screens write file names, sizes and dates. */

const UPLOAD_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i;

/**
 * The name the operator gave the file: the last path segment without the per-upload id that
 * keeps keys unique (`images/<songId>/<uuid>-cover.png` → `cover.png`).
 */
export function fileNameOf(path: string | null): string {
  if (!path) return '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.replace(UPLOAD_PREFIX, '') || last;
}

const UNITS = ['KB', 'MB', 'GB'];

/** 1536 → "1.5 KB"; bytes as a person reads them (binary units, one decimal). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** A short type label from a MIME type: "image/png" → "PNG". */
export function typeLabel(contentType: string | undefined): string {
  if (!contentType) return '';
  const sub = contentType.split(';')[0]!.split('/')[1] ?? contentType;
  return sub.replace(/^x-/, '').split('+')[0]!.toUpperCase();
}

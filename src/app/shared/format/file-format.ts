/**
 * How every page writes a stored file: its size and its name. One format everywhere, so a file's
 * size reads the same in a table, on its page, in a dialog and in an error message.
 */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * Bytes as a person reads them, in binary units: 512 → "512 B", 1024 → "1 KB", 1536 → "1.5 KB",
 * 153600 → "150 KB". One decimal below 10, none when it is 0; a value that rounds up to 1024 is
 * written in the next unit ("1 MB", not "1024 KB").
 */
export function formatBytes(bytes: number): string {
  let value = Number.isFinite(bytes) ? Math.max(0, bytes) : 0;
  let unit = 0;
  while (unit < UNITS.length - 1 && Math.round(value) >= 1024) {
    value /= 1024;
    unit++;
  }
  const digits = unit > 0 && value < 9.95 ? 1 : 0;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** The `<uuid>-` the engine puts before a file name so that every upload has a key of its own. */
const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i;

/**
 * The name the operator gave the file: the key's last segment without the per-upload id
 * (`images/<id>/<uuid>-cover.png` → `cover.png`). A key with nothing after the id keeps it whole.
 */
export function fileNameOf(path: string | null | undefined): string {
  if (!path) return '';
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.replace(UPLOAD_ID, '') || last;
}

/**
 * The file fields the scan checks: each names a model, a String field holding a storage path (or a
 * list of them) and the prefixes its files live under. Declared, not derived: a string field's
 * meaning (a path or a name) is not in the schema; the console's discovery guesses it from
 * sampled values, which a scheduled run has no one to confirm.
 */
export interface ScannedField {
  model: string;
  field: string;
  many: boolean;
}

export const SCANNED_FIELDS: ScannedField[] = [
  { model: 'Song', field: 'coverArtPath', many: false },
  { model: 'PhotoAlbum', field: 'imagePaths', many: true },
];

/** The storage prefixes listed: every file a field may point at lies under one of them. */
export const SCANNED_PREFIXES = ['images/'];

/** Where the reports go: a path only the scan may write (amplify/storage/resource.ts). */
export const REPORTS_PREFIX = 'reports/';

/** The environment variable holding a model's table name (set in amplify/backend.ts). */
export const tableVariable = (model: string) => `ORPHAN_SCAN_TABLE_${model.toUpperCase()}`;

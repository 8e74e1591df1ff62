/** A stored file no record references. */
export interface OrphanFile {
  readonly path: string;
  readonly size: number;
  readonly lastModified?: Date;
  /** The record id the key's path names (`images/<id>/…`), and what the scan knows of it. */
  readonly owner: { readonly id: string | null; readonly model?: string; readonly exists: boolean };
  /** Younger than the grace period (or of unknown age): possibly an upload in flight, never cleaned up. */
  readonly young: boolean;
}

/** A record's file field that points at a path with no object. */
export interface DanglingRef {
  readonly model: string;
  readonly id: string;
  readonly field: string;
  readonly path: string;
  /** The record's version when scanned: clean-up changes it only if it is still this one. */
  readonly updatedAt: string;
  /** Every path of the field when scanned (so a clean-up keeps the others). */
  readonly fieldPaths: readonly string[];
}

export interface RecordKey {
  readonly model: string;
  readonly id: string;
  readonly field: string;
}

/** A stored file that more than one record references. */
export interface SharedFile {
  readonly path: string;
  readonly size: number;
  readonly refs: readonly RecordKey[];
}

export interface ScanTotals {
  readonly files: number;
  readonly bytes: number;
  readonly referenced: number;
  readonly orphaned: number;
  readonly orphanedBytes: number;
  readonly dangling: number;
  readonly shared: number;
  /** Records scanned, per model. */
  readonly records: Readonly<Record<string, number>>;
}

export interface ScanReport {
  readonly scannedAt: Date;
  readonly graceMs: number;
  readonly orphans: readonly OrphanFile[];
  readonly dangling: readonly DanglingRef[];
  readonly shared: readonly SharedFile[];
  readonly totals: ScanTotals;
}

export interface ScanProgress {
  readonly filePages: number;
  readonly files: number;
  readonly recordPages: number;
  readonly records: number;
}

export type ScanEvent =
  | { readonly type: 'progress'; readonly progress: ScanProgress }
  | { readonly type: 'done'; readonly progress: ScanProgress; readonly report: ScanReport };

/** The record id a key names: `images/<id>/<file>` → `<id>`. */
export function ownerIdOf(path: string, prefix = 'images/'): string | null {
  if (!path.startsWith(prefix)) return null;
  const rest = path.slice(prefix.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(0, slash) : null;
}

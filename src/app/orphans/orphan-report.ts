import type { ScanPrefix, UnlistedPrefix, UnreadField } from './scan-plan';

/** A stored file no record references. */
export interface OrphanFile {
  readonly path: string;
  readonly size: number;
  readonly lastModified?: Date;
  /** The storage prefix it lies under (`products/`). */
  readonly prefix: string;
  /** The record id the key's path names (`<prefix><id>/…`), and what the scan knows of it. */
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

/** A reference the scan could not check: its path lies under no prefix it listed. */
export interface UncheckedRef extends RecordKey {
  readonly path: string;
  /** `unlisted`: under a prefix the user cannot list; `not-storage`: under no storage path at all. */
  readonly reason: 'unlisted' | 'not-storage';
}

/** What one storage prefix holds, and how much of it no record references. */
export interface PrefixTotals {
  readonly files: number;
  readonly bytes: number;
  readonly orphaned: number;
  readonly orphanedBytes: number;
}

/** How many paths of one file field the scan could check, and how many of them point at no file. */
export interface FieldTotals {
  readonly references: number;
  readonly dangling: number;
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
  /** Per storage prefix listed (absent in summaries saved before prefixes were counted). */
  readonly prefixes?: Readonly<Record<string, PrefixTotals>>;
  /** Per file field (`Model.field`), its checked references. */
  readonly fields?: Readonly<Record<string, FieldTotals>>;
}

export interface ScanReport {
  readonly scannedAt: Date;
  readonly graceMs: number;
  readonly orphans: readonly OrphanFile[];
  readonly dangling: readonly DanglingRef[];
  readonly shared: readonly SharedFile[];
  /** The prefixes listed, with the fields that point into each. */
  readonly prefixes: readonly ScanPrefix[];
  /** The prefixes the user could not list, and why: their files are not in the report. */
  readonly unlisted: readonly UnlistedPrefix[];
  /** The file fields left out because the user cannot read all their records, and why. */
  readonly unread: readonly UnreadField[];
  /** References under no listed prefix: neither dangling nor known to be there. */
  readonly unchecked: readonly UncheckedRef[];
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

/** The record id a key names: `<prefix><id>/<file>` → `<id>`. */
export function ownerIdOf(path: string, prefix: string): string | null {
  if (!path.startsWith(prefix)) return null;
  const rest = path.slice(prefix.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(0, slash) : null;
}

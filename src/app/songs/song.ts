/** A Song record as the console sees it (amplify/data/resource.ts). */
export interface Song {
  readonly id: string;
  readonly name: string;
  /** Storage path of the cover, e.g. `images/<songId>/<uuid>-cover.png`; null when none. */
  readonly coverArtPath: string | null;
  readonly createdAt: string;
  /** The version the operator saw; updates that change the cover are conditional on it. */
  readonly updatedAt: string;
}

/** What happens to the file when it is detached or its record deleted (docs/architecture.md). */
export type FileDisposal = 'keep-file' | 'delete-file';

/** The live list of songs: every song, kept current by realtime; `synced` once the first full load is in. */
export interface SongList {
  readonly items: readonly Song[];
  readonly synced: boolean;
}

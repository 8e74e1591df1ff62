/**
 * Every record matching the table's search on the server (all of them without one), not only
 * the rows the table loaded: a bulk job reads them a page at a time as it goes.
 */
export interface ServerMatches {
  readonly search: string;
}

/**
 * What a bulk job runs on, the same shape for every record table: the records the user ticked
 * (full records, as loaded: each step checks its version and an Undo restores it), or every
 * match of a search on the server.
 */
export type BulkSelection<T> = readonly T[] | ServerMatches;

export function isServerMatches<T>(selection: BulkSelection<T>): selection is ServerMatches {
  return !Array.isArray(selection);
}

/** The pages of `pages` kept to the records `keep` accepts, skipping pages with none; null once `pages` has no more. */
export function pagesWhere<T>(
  pages: () => Promise<readonly T[] | null>,
  keep: (record: T) => boolean,
): () => Promise<readonly T[] | null> {
  return async () => {
    for (let page = await pages(); page !== null; page = await pages()) {
      const kept = page.filter(keep);
      if (kept.length) return kept;
    }
    return null;
  };
}

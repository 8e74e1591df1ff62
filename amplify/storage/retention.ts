/**
 * How long the versioned bucket keeps what was overwritten or deleted: a non-current version (and
 * so a deleted file) can be restored for this many days after it stopped being current; after
 * that, lifecycle removes it, and then the delete marker left with nothing under it.
 */
export const RETENTION_DAYS = 30;

/** Multipart uploads never completed nor aborted (a closed tab, a killed process) are aborted after this many days. */
export const INCOMPLETE_UPLOAD_DAYS = 7;

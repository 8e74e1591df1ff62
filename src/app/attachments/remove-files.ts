import { catchError, from, lastValueFrom, mergeMap, of, toArray } from 'rxjs';
import type { AttachmentEngine } from './attachment-engine';
import { AttachmentError } from './attachment-error';
import { toAttachmentError } from './error-mapping';
import { type KeptFile, keptSentence } from './kept-files';
import type { RecordFileField, StoredRecord } from './record-file-field';
import { filesNotDeleted } from './record-messages';

/** Deletes of one record's files that run at once. */
const FILES_AT_ONCE = 4;

/**
 * Deletes files a record no longer points at, a few at a time (a file already gone counts as
 * deleted), keeping each one another record still uses or whose use cannot be checked
 * (AttachmentEngine.removeUnused). Returns the files kept; fails saying how many could not be
 * deleted, and that the orphan report lists them.
 */
export async function removeFiles<T extends StoredRecord>(
  engine: AttachmentEngine,
  field: RecordFileField<T>,
  record: T,
  paths: readonly string[],
  how: 'deleted' | 'detached' | 'removed',
): Promise<readonly KeptFile[]> {
  if (paths.length === 0) return [];
  const results = await lastValueFrom(
    from(paths).pipe(
      mergeMap(
        (path) => engine.removeUnused(path).pipe(catchError((err: unknown) => of(toAttachmentError(err)))),
        FILES_AT_ONCE,
      ),
      toArray(),
    ),
  );
  const kept = results.filter((r): r is KeptFile => r !== null && !(r instanceof AttachmentError));
  const failed = results.filter((r): r is AttachmentError => r instanceof AttachmentError);
  if (failed.length) {
    const error = filesNotDeleted(field, record, how, paths.length, failed);
    if (!kept.length) throw error;
    throw new AttachmentError(error.kind, `${error.message} ${keptSentence(field, record, kept)}`, { cause: error });
  }
  return kept;
}

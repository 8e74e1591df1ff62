import { AttachmentError } from './attachment-error';
import { toAttachmentError } from './error-mapping';
import { type RecordFileField, type StoredRecord, quoted } from './record-file-field';

/**
 * A refused write on `record`, in words. A failed condition alone cannot say whether the record
 * was changed or deleted, so the caller reads it again: `current` null means gone, undefined that
 * it could not be read. `outcome` tells what became of the operator's own upload; `action` which
 * advice fits. Errors other than a conflict or a missing record pass through as they are.
 */
export function refusal<T extends StoredRecord>(
  field: RecordFileField<T>,
  record: T,
  err: unknown,
  current: T | null | undefined,
  outcome = '',
  action: 'change' | 'delete' = 'change',
): AttachmentError {
  const error = toAttachmentError(err);
  if (error.kind !== 'conflict' && error.kind !== 'not-found') return error;
  const name = quoted(field, record);
  if (current === null) {
    return new AttachmentError('not-found', `${name} no longer exists: someone deleted it.${outcome}`, { cause: err });
  }
  const live = field.screens === 'live';
  const when = live ? 'just before your change reached it' : 'since you opened it';
  const advice = !live
    ? 'Reload to see the latest version, then try again.'
    : action === 'delete'
      ? `Nothing was deleted. Look at the ${field.record} as it is now and delete again if you still want to.`
      : 'The page now shows their change: try again if you still want to.';
  return new AttachmentError(
    'conflict',
    `${name} was changed by someone else ${when}, and their change was kept.${outcome} ${advice}`,
    { cause: err },
  );
}

/** A path the operator acted on is no longer in the record they saw. */
export function notHeld<T extends StoredRecord>(field: RecordFileField<T>, record: T): AttachmentError {
  return new AttachmentError(
    'invalid-input',
    `${quoted(field, record)} no longer holds that ${field.file}: someone else removed or replaced it. The page now shows the ${field.record} as it is.`,
  );
}

/**
 * Files that could not be deleted after the record stopped pointing at them (`how`: the record
 * was deleted, or the files detached or removed from it). They are orphans now, which the orphan
 * report finds; the record itself is right.
 */
export function filesNotDeleted<T extends StoredRecord>(
  field: RecordFileField<T>,
  record: T,
  how: 'deleted' | 'detached' | 'removed',
  total: number,
  failed: readonly AttachmentError[],
): AttachmentError {
  const name = quoted(field, record);
  const which = total === 1 ? 'its file' : `${failed.length} of its ${total} files`;
  const lead =
    how === 'deleted'
      ? `${name} was deleted, but ${total === 1 ? `its ${field.file} file` : which}`
      : `The ${total === 1 ? `${field.file} was` : `${field.file}s were`} ${how} from ${name}, but ${which}`;
  const first = failed[0]!;
  const lists = failed.length === 1 ? 'the file' : 'them';
  return new AttachmentError(
    first.kind,
    `${lead} could not be deleted: ${first.message} The orphan report lists ${lists}.`,
    { cause: first },
  );
}

import { AttachmentError } from '../attachments/attachment-error';
import { toAttachmentError } from '../attachments/error-mapping';
import { type RecordFileField, type StoredRecord, fieldValue, pathsOf } from '../attachments/record-file-field';
import type { RecordApi, RecordInput } from '../attachments/record-api';

/** Fields the backend sets itself on every write (a create's input has no place for them). */
const SERVER_SET = new Set(['createdAt', 'updatedAt', '__typename']);

/** How messages name a record: what one is called ('song') and its name (a RecordFileField is one). */
export interface RecordWords<T> {
  readonly record: string;
  readonly name: (record: T) => string;
}

/** A record as it was before a change: its id and every field it had (any record type is one). */
export type BeforeImage = { readonly id: string } & object;

/** The fields a create can write back: the before-image without what the backend sets. */
export function restorableFields(before: BeforeImage): RecordInput {
  const fields = Object.entries(before).filter(([k, v]) => !SERVER_SET.has(k) && v !== undefined);
  return Object.fromEntries(fields) as RecordInput;
}

/** Whether `record` holds every field of `fields` with the same value (lists in the same order). */
export function holdsFields(record: object, fields: RecordInput): boolean {
  const stored = record as Readonly<Record<string, unknown>>;
  return Object.entries(fields).every(([k, v]) => same(stored[k] ?? null, v ?? null));
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Puts records back as they were: recreates a deleted record with its id and fields, or points a
 * record that still exists at files restored for it again. Never overwrites anything newer: a
 * record with that id made since, or a record changed since it was read, is a 'conflict' and is
 * left as it is. A write whose answer was lost is read back, so a retry of a restore that landed
 * succeeds. Fails with AttachmentError only.
 */
export class RecordRestore<T extends StoredRecord> {
  constructor(
    private readonly api: RecordApi<T>,
    private readonly words: RecordWords<T>,
  ) {}

  /**
   * Creates the record again with the id and fields of `before` (its before-image); createdAt and
   * updatedAt are the backend's to set, so they are new. Refused ('conflict') when a record with
   * that id exists now, unless it is this very restore landed earlier (same fields).
   */
  async recreate(before: BeforeImage): Promise<T> {
    const input = restorableFields(before);
    try {
      return await this.api.create(input);
    } catch (err) {
      const error = toAttachmentError(err);
      if (error.kind !== 'conflict' && error.kind !== 'unavailable' && error.kind !== 'unknown') throw error;
      let current: T | null;
      try {
        current = await this.api.get(input.id);
      } catch {
        throw error;
      }
      if (current && holdsFields(current, input)) return current;
      if (!current) throw error;
      const name = `“${this.words.name(current)}”`;
      throw new AttachmentError(
        'conflict',
        `A ${this.words.record} with this id exists now (${name}, made or restored since); it was left as it is.`,
        { cause: err },
      );
    }
  }

  /**
   * Points `current` (the record as read just now) at `paths` in `field` again, with an update
   * conditional on the version read: a `one` field must be empty or hold that path already; a
   * `many` field gets the paths it lacks appended, in their order. Refused ('conflict') when the
   * record holds another file in a `one` field, or changed since it was read.
   */
  async reattach(field: RecordFileField<T>, current: T, paths: readonly string[]): Promise<T> {
    const held = pathsOf(field, current);
    const name = `“${this.words.name(current)}”`;
    if (field.kind === 'one' && paths.length > 1) {
      throw new AttachmentError('invalid-input', `${field.field} holds one ${field.file}, not ${paths.length}.`);
    }
    if (field.kind === 'one' && held.length > 0 && held[0] !== paths[0]) {
      throw new AttachmentError(
        'conflict',
        `${name} holds another ${field.file} now; it was left as it is, and the restored file is not attached.`,
      );
    }
    const next = [...held, ...paths.filter((p) => !held.includes(p))];
    if (next.length === held.length) return current;
    try {
      return await this.api.update({ id: current.id, [field.field]: fieldValue(field, next) }, current.updatedAt);
    } catch (err) {
      const error = toAttachmentError(err);
      if (error.kind !== 'conflict' && error.kind !== 'unavailable' && error.kind !== 'unknown') throw error;
      let now: T | null;
      try {
        now = await this.api.get(current.id);
      } catch {
        throw error;
      }
      if (now && paths.every((p) => pathsOf(field, now).includes(p))) return now;
      if (error.kind !== 'conflict') throw error;
      throw new AttachmentError(
        'conflict',
        now
          ? `${name} was changed by someone else since; it was left as it is, and the restored file is not attached.`
          : `${name} no longer exists: someone deleted it; the restored file is not attached.`,
        { cause: err },
      );
    }
  }
}

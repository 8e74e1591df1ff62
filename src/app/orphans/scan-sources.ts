import type { FileField } from '../attachments/file-fields';

/** One object as a storage listing gives it. */
export interface StoredObject {
  readonly path: string;
  readonly size: number;
  readonly lastModified?: Date;
}

/** What a scan keeps of a record: its identity, version and the paths of one file field. */
export interface RecordFiles {
  readonly model: string;
  readonly id: string;
  readonly updatedAt: string;
  /** The record's name when the model has one (for the report; the id identifies it). */
  readonly name?: string;
  readonly field: string;
  readonly paths: readonly string[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string | null;
}

/**
 * What the scan and the clean-up need from the backend: paginated listings of storage and of the
 * records of each file field, a fresh look at who references some paths, and a conditional update of
 * one field. Unit specs fake it; amplify-scan-sources.ts is the real one. Every method fails with
 * an AttachmentError (a failed condition is 'conflict').
 */
export interface ScanSources {
  /** One page (up to 1,000 keys) of the objects under a prefix. */
  listFiles(prefix: string, nextToken?: string): Promise<Page<StoredObject>>;
  /** One page of the records of a file field's model. */
  listRecords(field: FileField, nextToken?: string): Promise<Page<RecordFiles>>;
  /**
   * Every record whose file field holds any of the paths now (read from the backend, not the
   * scan): one filtered pass over the model's records, however many paths.
   */
  referencesTo(field: FileField, paths: readonly string[]): Promise<RecordFiles[]>;
  /** The object's metadata now, or null when there is none. */
  fileAt(path: string): Promise<StoredObject | null>;
  /** Sets the field, only if the record still has the version `expectUpdatedAt`. */
  setPaths(field: FileField, id: string, paths: readonly string[], expectUpdatedAt: string): Promise<void>;
  /** Deletes an object (a missing one counts as deleted). */
  removeFile(path: string): Promise<void>;
}

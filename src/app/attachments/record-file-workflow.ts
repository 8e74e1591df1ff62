import type { Observable } from 'rxjs';
import type { StoredRecord } from './record-file-field';
import { RecordWorkflow } from './record-workflow';
import type { Transfer } from './transfer';

/**
 * The workflow of a field that holds one path (a song's cover, a contract's PDF): attach and
 * replace on top of what every file field does (RecordWorkflow, which also detaches).
 */
export class RecordFileWorkflow<T extends StoredRecord> extends RecordWorkflow<T> {
  /**
   * Attach (no file yet) or replace: upload under a new key, point the record at it conditionally
   * on the version the operator saw, then delete the old file unless another record uses it (then
   * it is kept: keptFilesOf the result). The new key is unique, so a
   * replacement with a file of the same name never deletes itself. On a refusal the upload is
   * removed and the operator told why.
   */
  setFile(record: T, file: File): Observable<Transfer<T>> {
    const old = this.paths(record);
    return this.uploadThen(record.id, file, async (path) => {
      const updated = await this.pointAt(record.id, [path], record, ' Your file was discarded.', () =>
        this.api.update({ id: record.id, [this.field.field]: path }, record.updatedAt),
      );
      return this.reportReplaced(old.length ? 'replace' : 'attach', updated, old);
    });
  }
}

import { AttachmentError } from '../../attachments/attachment-error';
import type { FileVersionsApi } from '../undo-log';

/**
 * Versions over an in-memory bucket of the unit specs (anything with an `objects` map by path):
 * each stored value gets a version id when first asked about, and a deleted one stays under it,
 * so a restore puts back the very same value. A newer value at the path is a 'conflict'.
 */
export class FakeFileVersions<V extends object> implements FileVersionsApi {
  private readonly ids = new WeakMap<V, string>();
  private readonly kept = new Map<string, V>();
  private next = 1;
  readonly restored: string[] = [];

  constructor(private readonly bucket: { readonly objects: Map<string, V> }) {}

  private idOf(value: V): string {
    let id = this.ids.get(value);
    if (!id) {
      id = `v${this.next++}`;
      this.ids.set(value, id);
      this.kept.set(id, value);
    }
    return id;
  }

  async currentVersionId(path: string): Promise<string | undefined> {
    const value = this.bucket.objects.get(path);
    return value && this.idOf(value);
  }

  async restore(path: string, versionId: string): Promise<{ versionId: string }> {
    const now = this.bucket.objects.get(path);
    if (now && this.idOf(now) !== versionId) throw new AttachmentError('conflict', `A newer file is at ${path}.`);
    const value = this.kept.get(versionId);
    if (!value) throw new AttachmentError('not-found', `That version of ${path} is no longer kept.`);
    this.bucket.objects.set(path, value);
    this.restored.push(path);
    return { versionId };
  }
}

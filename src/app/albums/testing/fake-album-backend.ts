import { Observable, ReplaySubject } from 'rxjs';
import { AttachmentError } from '../../attachments/attachment-error';
import type { FileInfo, StorageApi, UploadTask } from '../../attachments/storage-api';
import type { PhotoAlbum } from '../album';
import type { AlbumApi } from '../album-api';

type Op = 'get' | 'create' | 'update' | 'delete';

/**
 * An in-memory Data table of albums with DynamoDB's conditional writes: the layer below
 * AlbumService, for unit specs. `before` runs before an operation (to play another operator);
 * `fail` makes the next call of an operation throw.
 */
export class FakeAlbumTable implements AlbumApi {
  readonly rows = new Map<string, PhotoAlbum>();
  readonly calls: { op: Op; input?: unknown; expect?: string }[] = [];
  readonly live = new ReplaySubject<{ items: PhotoAlbum[]; synced: boolean }>(1);
  /** Runs after every write that landed (the component specs publish the live list from it). */
  afterWrite?: () => void;
  private clock = Date.parse('2026-01-01T00:00:00Z');
  private readonly failures = new Map<Op, { error: AttachmentError; afterWrite?: boolean }[]>();
  before: Partial<Record<Op, () => void>> = {};

  /** The next call of `op` throws `error`; with afterWrite, it writes first (an answer that was lost). */
  fail(op: Op, error: AttachmentError, afterWrite = false): void {
    this.failures.set(op, [...(this.failures.get(op) ?? []), { error, afterWrite }]);
  }

  private stamp(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  seed(name: string, imagePaths: string[] = [], id: string = crypto.randomUUID()): PhotoAlbum {
    const at = this.stamp();
    const album = { id, name, imagePaths, createdAt: at, updatedAt: at };
    this.rows.set(id, album);
    return album;
  }

  /** Another operator's unconditional change. */
  change(id: string, imagePaths: string[]): PhotoAlbum {
    const album = { ...this.rows.get(id)!, imagePaths, updatedAt: this.stamp() };
    this.rows.set(id, album);
    return album;
  }

  private async run<T>(op: Op, write: () => T): Promise<T> {
    await Promise.resolve();
    this.before[op]?.();
    const failure = this.failures.get(op)?.shift();
    if (failure && !failure.afterWrite) throw failure.error;
    const result = write();
    if (op !== 'get') this.afterWrite?.();
    if (failure) throw failure.error;
    return result;
  }

  observe(): Observable<{ items: PhotoAlbum[]; synced: boolean }> {
    return this.live;
  }

  get(id: string): Promise<PhotoAlbum | null> {
    this.calls.push({ op: 'get', input: id });
    return this.run('get', () => this.rows.get(id) ?? null);
  }

  create(input: { id: string; name: string; imagePaths: readonly string[] }): Promise<PhotoAlbum> {
    this.calls.push({ op: 'create', input });
    return this.run('create', () => {
      if (this.rows.has(input.id)) throw new AttachmentError('conflict', 'exists');
      return this.seed(input.name, [...input.imagePaths], input.id);
    });
  }

  update(input: { id: string; name?: string; imagePaths?: readonly string[] }, expect?: string): Promise<PhotoAlbum> {
    this.calls.push({ op: 'update', input, expect });
    return this.run('update', () => {
      const row = this.rows.get(input.id);
      if (!row || (expect && row.updatedAt !== expect)) throw new AttachmentError('conflict', 'condition failed');
      const next = {
        ...row,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.imagePaths ? { imagePaths: [...input.imagePaths] } : {}),
        updatedAt: this.stamp(),
      };
      this.rows.set(row.id, next);
      return next;
    });
  }

  delete(id: string, expect: string): Promise<PhotoAlbum> {
    this.calls.push({ op: 'delete', input: id, expect });
    return this.run('delete', () => {
      const row = this.rows.get(id);
      if (!row || row.updatedAt !== expect) throw new AttachmentError('conflict', 'condition failed');
      this.rows.delete(id);
      return row;
    });
  }

  writes(): number {
    return this.calls.filter((c) => c.op !== 'get').length;
  }
}

/**
 * An in-memory bucket behind the real AttachmentEngine. Uploads finish on their own unless
 * `hold` is set; then `release()` finishes them. `failUpload`/`failRemove` refuse by name/path.
 */
export class FakeBucket implements StorageApi {
  readonly objects = new Map<string, Blob>();
  readonly removed: string[] = [];
  readonly canceled: string[] = [];
  hold = false;
  active = 0;
  maxActive = 0;
  private readonly held: (() => void)[] = [];
  failUpload?: (path: string) => AttachmentError | undefined;
  failRemove?: (path: string) => AttachmentError | undefined;

  async upload(
    path: string,
    data: Blob,
    options: { contentType: string; onProgress: (sent: number, total: number) => void },
  ): Promise<UploadTask> {
    let cancel = () => undefined as void;
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    const result = new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        this.active--;
        const error = this.failUpload?.(path);
        if (error) return reject(error);
        options.onProgress(data.size, data.size);
        this.objects.set(path, data);
        resolve();
      };
      cancel = () => {
        if (settled) return; // like Amplify: canceling a finished transfer does nothing
        settled = true;
        this.active--;
        this.canceled.push(path);
        reject(new AttachmentError('canceled', 'canceled'));
      };
      options.onProgress(Math.floor(data.size / 2), data.size);
      if (this.hold) this.held.push(finish);
      else setTimeout(finish);
    });
    result.catch(() => undefined);
    return { result, cancel: () => cancel() };
  }

  /** Finishes held uploads (all, or the first n). */
  release(n = Infinity): void {
    this.held.splice(0, n).forEach((f) => f());
  }

  readonly downloads: string[] = [];

  async signedUrl(path: string, options?: { download?: string }): Promise<{ url: string; expiresAt: Date }> {
    if (options?.download) this.downloads.push(path);
    // A 1×1 PNG, so thumbnails load without a network (the path rides along as a fragment).
    const url = `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=#${encodeURIComponent(path)}`;
    return { url, expiresAt: new Date(Date.now() + 900_000) };
  }

  /** Puts an object in the bucket as if it had been uploaded earlier. */
  put(path: string, size = 1024): void {
    this.objects.set(path, new Blob([new Uint8Array(size)], { type: 'image/png' }));
  }

  /** Prefixes listed and paths asked about one by one, in order (the specs count requests). */
  readonly listed: string[] = [];
  readonly heads: string[] = [];
  failList?: (prefix: string) => AttachmentError | undefined;

  async list(prefix: string): Promise<FileInfo[]> {
    const error = this.failList?.(prefix);
    if (error) throw error;
    this.listed.push(prefix);
    return [...this.objects]
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, blob]) => ({ path, size: blob.size, lastModified: new Date(0) }));
  }

  async properties(path: string): Promise<FileInfo> {
    this.heads.push(path);
    const blob = this.objects.get(path);
    if (!blob) throw new AttachmentError('not-found', 'no such key');
    return { path, size: blob.size, contentType: blob.type };
  }

  async remove(path: string): Promise<void> {
    const error = this.failRemove?.(path);
    if (error) throw error;
    this.removed.push(path);
    this.objects.delete(path);
  }
}

/** A PNG-looking file (the engine's content check reads the signature). */
export function png(name: string, size = 1024): File {
  const bytes = new Uint8Array(size).fill(7);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new File([bytes], name, { type: 'image/png' });
}

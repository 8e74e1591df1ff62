import { AttachmentError } from '../attachment-error';
import type { FileInfo, StorageApi, UploadTask } from '../storage-api';

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

/** A PDF-looking file. */
export function pdf(name: string, size = 1024): File {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set([...'%PDF-1.7'].map((c) => c.charCodeAt(0)));
  return new File([bytes], name, { type: 'application/pdf' });
}

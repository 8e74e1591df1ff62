import { AttachmentError } from '../attachment-error';
import type { FileInfo, SignedUrl, StorageApi, UploadTask } from '../storage-api';

export interface FakeUpload {
  readonly path: string;
  readonly data: Blob;
  readonly contentType: string;
  progress(sent: number): void;
  finish(): void;
  fail(error: AttachmentError): void;
  canceled: boolean;
}

/**
 * An in-memory Storage behind the engine's seam, for specs. Uploads wait for the spec to finish
 * or fail them (or finish at once with `autoFinish`); any method can be made to fail.
 */
export class FakeStorageApi implements StorageApi {
  readonly objects = new Map<string, FileInfo>();
  readonly uploads: FakeUpload[] = [];
  readonly removed: string[] = [];
  signings = 0;
  autoFinish = true;
  /** The next call of this method fails with this error. */
  failNext: Partial<Record<'upload' | 'remove' | 'properties' | 'signedUrl' | 'list', AttachmentError>> = {};
  /** The prefixes listed, in order. */
  readonly listed: string[] = [];

  async upload(
    path: string,
    data: Blob,
    options: { contentType: string; onProgress: (sent: number, total: number) => void },
  ): Promise<UploadTask> {
    let settle!: { resolve: () => void; reject: (e: unknown) => void };
    const result = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const failure = this.take('upload');
    const upload: FakeUpload = {
      path,
      data,
      contentType: options.contentType,
      canceled: false,
      progress: (sent) => options.onProgress(sent, data.size),
      finish: () => {
        this.objects.set(path, { path, size: data.size, contentType: options.contentType, lastModified: new Date() });
        settle.resolve();
      },
      fail: (error) => settle.reject(error),
    };
    this.uploads.push(upload);
    if (failure) queueMicrotask(() => upload.fail(failure));
    else if (this.autoFinish) queueMicrotask(() => upload.finish());
    return {
      result,
      cancel: () => {
        upload.canceled = true;
        settle.reject(new AttachmentError('canceled', 'Canceled.'));
      },
    };
  }

  async signedUrl(path: string, options: { expiresIn: number; download?: string }): Promise<SignedUrl> {
    const failure = this.take('signedUrl');
    if (failure) throw failure;
    this.signings++;
    const disposition = options.download ? `&download=${encodeURIComponent(options.download)}` : '';
    return {
      url: `http://s3.test/${path}?n=${this.signings}${disposition}`,
      expiresAt: new Date(Date.now() + options.expiresIn * 1000),
    };
  }

  async properties(path: string): Promise<FileInfo> {
    const failure = this.take('properties');
    if (failure) throw failure;
    const info = this.objects.get(path);
    if (!info) throw new AttachmentError('not-found', 'No such object.');
    return info;
  }

  /** Like S3's listing: sizes and dates, no content types. */
  async list(prefix: string): Promise<FileInfo[]> {
    const failure = this.take('list');
    if (failure) throw failure;
    this.listed.push(prefix);
    return [...this.objects.values()]
      .filter((o) => o.path.startsWith(prefix))
      .map(({ path, size, lastModified }) => ({ path, size, lastModified }));
  }

  async remove(path: string): Promise<void> {
    const failure = this.take('remove');
    if (failure) throw failure;
    this.removed.push(path);
    this.objects.delete(path);
  }

  /** Puts an object in place, as if uploaded earlier. */
  put(path: string, size = 100): void {
    this.objects.set(path, { path, size, contentType: 'image/png' });
  }

  private take(method: keyof FakeStorageApi['failNext']): AttachmentError | undefined {
    const failure = this.failNext[method];
    delete this.failNext[method];
    return failure;
  }
}

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A small file whose first bytes are a PNG's. */
export function pngFile(name = 'cover.png', size = 1000): File {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_HEAD);
  return new File([bytes], name, { type: 'image/png' });
}

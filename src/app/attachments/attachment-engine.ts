import { DOCUMENT, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { Observable, catchError, defer, from, map, throwError } from 'rxjs';
import { AttachmentError } from './attachment-error';
import { toAttachmentError } from './error-mapping';
import { FILE_REFERENCES } from './file-references';
import { safeFileName, displayName } from './file-key';
import { type AttachmentLimits, DEFAULT_LIMITS, checkContent, fileType, validateFile } from './file-validation';
import { DEFAULT_KEY_TEMPLATE, keyFromTemplate } from './key-template';
import { SignedUrlCache } from './signed-url-cache';
import { type FileInfo, STORAGE_API, type UploadTask } from './storage-api';
import { Transfer } from './transfer';
import type { KeptFile } from './kept-files';
import { WorkflowEventTags } from './event-tags';
import { workflowEvents } from './workflow-events';

export type { FileInfo } from './storage-api';

/** The engine's settings; provide ATTACHMENT_SETTINGS to change them. */
export interface AttachmentSettings {
  readonly limits: AttachmentLimits;
  /** Lifetime of signed preview URLs, in seconds (S3 allows up to 7 days; the session may cut it). */
  readonly urlExpiresInS: number;
  /** Sign again this long before a URL expires, in ms. */
  readonly urlRefreshMarginMs: number;
}

/** What a file field asks of its uploads beyond the engine's settings. */
export interface UploadOptions {
  /** Accepted types and largest size for this field (default: the engine's limits). */
  readonly limits?: AttachmentLimits;
  /** Where the upload goes (default DEFAULT_KEY_TEMPLATE); see key-template.ts. */
  readonly keyTemplate?: string;
}

export const ATTACHMENT_SETTINGS = new InjectionToken<AttachmentSettings>('AttachmentSettings', {
  providedIn: 'root',
  factory: () => ({ limits: DEFAULT_LIMITS, urlExpiresInS: 900, urlRefreshMarginMs: 60_000 }),
});

/**
 * The one place where file handling lives: validation, unique keys, uploads as observables,
 * signed URLs, metadata, download and removal. Every observable fails with AttachmentError only.
 * Services (songs, albums, bulk jobs) decide the order of steps around it (docs/architecture.md).
 */
@Injectable({ providedIn: 'root' })
export class AttachmentEngine {
  private readonly api = inject(STORAGE_API);
  private readonly settings = inject(ATTACHMENT_SETTINGS);
  private readonly document = inject(DOCUMENT, { optional: true });
  private readonly references = inject(FILE_REFERENCES, { optional: true });
  /** What bulk items add to the reports on the records they work on (their job, the before-image). */
  readonly eventTags = new WorkflowEventTags();
  /** Where the record-and-file workflows report each change they made. */
  readonly events = this.eventTags.around(workflowEvents());
  private readonly urls = new SignedUrlCache(
    (path) => this.api.signedUrl(path, { expiresIn: this.settings.urlExpiresInS }),
    { refreshMarginMs: this.settings.urlRefreshMarginMs },
  );

  /** Metadata requests in flight, by key. */
  private readonly infos = new Map<string, Promise<FileInfo | null>>();

  readonly limits: { maxBytes: number; allowedTypes: readonly string[] } = this.settings.limits;

  /** How to stop each upload subscribed and not through yet. */
  private readonly inFlight = signal<ReadonlySet<() => void>>(new Set());
  /** Uploads running now, wherever they were started: what leaving the page would lose. */
  readonly uploadsInFlight = computed(() => this.inFlight().size);

  /** Stops every upload running now; each fails with a `canceled` error. */
  abortUploads(): void {
    for (const abort of this.inFlight()) abort();
  }

  private track(abort: () => void, running: boolean): void {
    this.inFlight.update((set) => {
      const next = new Set(set);
      if (running) next.add(abort);
      else next.delete(abort);
      return next;
    });
  }

  /** null when the file may be uploaded (by `limits`, else the engine's), else the invalid-file error with the reason. */
  validate(file: File, limits: AttachmentLimits = this.limits): AttachmentError | null {
    return validateFile(file, limits);
  }

  /** The name a file is stored under (after its unique prefix): what the operator will see. */
  storedName(fileName: string): string {
    return safeFileName(fileName);
  }

  /**
   * Uploads a file under a new key (by default `images/<recordId>/<uuid>-<safe name>`): emits
   * progress, then the stored path, and completes. Nothing is sent when the file is invalid (size,
   * type, or content that is not what its type claims). Unsubscribing cancels the transfer; a
   * multipart upload is aborted.
   */
  upload(recordId: string, file: File, options: UploadOptions = {}): Observable<Transfer<string>> {
    return new Observable<Transfer<string>>((subscriber) => {
      let task: { readonly path: string; readonly upload: UploadTask } | undefined;
      let active = true;
      const abort = () =>
        subscriber.error(new AttachmentError('canceled', `The upload of “${file.name}” was stopped.`));
      this.track(abort, true);
      const run = async () => {
        const invalid = this.validate(file, options.limits) ?? (await checkContent(file));
        if (invalid) throw invalid;
        const path = keyFromTemplate(options.keyTemplate ?? DEFAULT_KEY_TEMPLATE, recordId, file.name);
        if (!active) return;
        subscriber.next({ type: 'progress', sent: 0, total: file.size });
        const started = await this.api.upload(path, file, {
          contentType: fileType(file),
          onProgress: (sent, total) => {
            if (active) subscriber.next({ type: 'progress', sent, total });
          },
        });
        task = { path, upload: started };
        if (!active) {
          this.cancelTransfer(task);
          return;
        }
        await started.result;
        task = undefined; // stored and handed over: the teardown that follows completion must keep it
        subscriber.next({ type: 'done', value: path });
        subscriber.complete();
      };
      run().catch((err: unknown) => {
        if (active) subscriber.error(toAttachmentError(err));
      });
      return () => {
        this.track(abort, false);
        if (!active) return;
        active = false;
        if (task) this.cancelTransfer(task);
      };
    });
  }

  /**
   * A cancel that arrives after the last byte is too late to stop S3 from storing the object; the
   * transfer then still succeeds. Remove that object, so a canceled upload leaves nothing behind.
   */
  private cancelTransfer({ path, upload }: { readonly path: string; readonly upload: UploadTask }): void {
    upload.cancel();
    upload.result.then(
      () => this.api.remove(path).catch(() => undefined),
      () => undefined,
    );
  }

  /** Signed GET URL from the app-wide cache (one request per key; re-emits a fresh URL before expiry). */
  signedUrl(path: string): Observable<string> {
    return this.urls.url(path);
  }

  /**
   * Object metadata, or null when no object exists at the path ("missing file"). Rows that ask at
   * the same time share one request; a later ask gets a fresh answer (a file may vanish).
   */
  fileInfo(path: string): Observable<FileInfo | null> {
    return defer(() => {
      const pending = this.infos.get(path);
      if (pending) return pending;
      const value = this.api
        .properties(path)
        .then(
          (info): FileInfo | null => info,
          (err: unknown) => {
            const mapped = toAttachmentError(err);
            if (mapped.kind === 'not-found') return null;
            throw mapped;
          },
        )
        .finally(() => {
          if (this.infos.get(path) === value) this.infos.delete(path);
        });
      this.infos.set(path, value);
      return value;
    });
  }

  /**
   * Metadata of every object under a prefix (a record's folder, `images/<id>/`): one request per
   * 1,000 keys, no content types. Never shared between callers: a listing asked for after a change
   * must see it.
   */
  list(prefix: string): Observable<FileInfo[]> {
    return defer(() => this.api.list(prefix)).pipe(
      catchError((err: unknown) => throwError(() => toAttachmentError(err))),
    );
  }

  /** Browser download of the object (signed URL with content-disposition attachment). */
  download(path: string): Observable<void> {
    return from(this.api.signedUrl(path, { expiresIn: 60, download: displayName(path) })).pipe(
      map(({ url }) => {
        const doc = this.document;
        if (!doc) throw new AttachmentError('unknown', 'Downloads need a browser window.');
        const link = doc.createElement('a');
        link.href = url;
        link.download = displayName(path);
        link.rel = 'noopener';
        link.style.display = 'none';
        doc.body.appendChild(link);
        link.click();
        link.remove();
      }),
    );
  }

  /** Deletes a stored object (a missing one counts as deleted) and forgets its signed URL. */
  remove(path: string): Observable<void> {
    return defer(async () => {
      this.forget(path);
      await this.api.remove(path);
    });
  }

  /**
   * Deletes a file a record stopped pointing at, unless another record still uses it: first asks
   * FILE_REFERENCES whether any record of any model references the path now (questions asked close
   * together share one lookup), and keeps the file when one does or when that cannot be told (an
   * orphan at worst, never a record pointing at nothing). Emits what was kept, or null once deleted.
   */
  removeUnused(path: string): Observable<KeptFile | null> {
    return defer(async (): Promise<KeptFile | null> => {
      if (this.references) {
        let usedBy;
        try {
          usedBy = await this.references.usedBy(path);
        } catch (err) {
          return { path, unchecked: toAttachmentError(err) };
        }
        if (usedBy) return { path, usedBy };
      }
      this.forget(path);
      await this.api.remove(path);
      return null;
    });
  }

  /** Forgets the signed URL of a key that a record no longer points at. */
  forget(path: string): void {
    this.urls.drop(path);
    this.infos.delete(path);
  }
}

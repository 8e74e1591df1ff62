import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, lastValueFrom, reduce } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { toAttachmentError } from '../attachments/error-mapping';
import { parseVersionsPage, s3ErrorOf } from './versions-xml';

/** One version of an object, or a delete marker, as ListObjectVersions names it. */
export interface ObjectVersion {
  path: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  lastModified: Date;
  size?: number;
  eTag?: string;
}

/** Where the bucket is and how to reach it. */
export interface VersionsTarget {
  bucket: string;
  region: string;
  /** e.g. http://localhost:20005 (path style) or https://<bucket>.s3.<region>.amazonaws.com */
  endpoint: string;
  pathStyle: boolean;
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What BucketVersions needs from the outside world: the seam its unit spec fakes. */
export interface VersionsAccess {
  target(): Promise<VersionsTarget>;
  credentials(): Promise<SigningCredentials>;
  fetch(url: string, init: RequestInit): Promise<Response>;
}

/** The endpoint aws-amplify's Storage client uses for `dangerouslyConnectToHttpEndpointForTesting`. */
export const LOCAL_S3_ENDPOINT = 'http://localhost:20005';

interface AmplifyModules {
  getConfig: () => { Storage?: { S3?: Record<string, unknown> } };
  fetchAuthSession: () => Promise<{ credentials?: SigningCredentials }>;
}

/**
 * The bucket and credentials of the Amplify the app configured. `load` brings the modules in;
 * Node tests pass the ones they configured (an import() there reaches a second Amplify).
 */
export function amplifyVersionsAccess(
  load: () => Promise<AmplifyModules> = async () => {
    const [{ Amplify }, { fetchAuthSession }] = await Promise.all([import('aws-amplify'), import('aws-amplify/auth')]);
    return { getConfig: () => Amplify.getConfig(), fetchAuthSession };
  },
  fetchFn: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init),
): VersionsAccess {
  return {
    target: async () => {
      const s3 = (await load()).getConfig().Storage?.S3;
      const bucket = typeof s3?.['bucket'] === 'string' ? s3['bucket'] : '';
      const region = typeof s3?.['region'] === 'string' ? s3['region'] : '';
      if (!bucket || !region) {
        throw new AttachmentError(
          'unavailable',
          'This backend has no storage bucket configured, so there is nothing to restore.',
        );
      }
      if (s3?.['dangerouslyConnectToHttpEndpointForTesting']) {
        return { bucket, region, endpoint: LOCAL_S3_ENDPOINT, pathStyle: true };
      }
      const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      // A bucket name with dots cannot be a TLS host name label.
      return bucket.includes('.')
        ? { bucket, region, endpoint: `https://s3.${region}.${suffix}`, pathStyle: true }
        : { bucket, region, endpoint: `https://${bucket}.s3.${region}.${suffix}`, pathStyle: false };
    },
    credentials: async () => {
      const { credentials } = await (await load()).fetchAuthSession();
      if (!credentials)
        throw new AttachmentError('forbidden', 'You are signed out: sign in again to see earlier versions of files.');
      return credentials;
    },
    fetch: fetchFn,
  };
}

export const VERSIONS_ACCESS = new InjectionToken<VersionsAccess>('VERSIONS_ACCESS', {
  providedIn: 'root',
  factory: () => amplifyVersionsAccess(),
});

const MESSAGES = {
  forbidden: 'Only ADMINS may see or restore earlier versions of files. Nothing was changed.',
  unavailable: 'The storage bucket cannot be reached. Check your connection and try again in a moment.',
};

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 encoding, as SigV4 and S3 want it (encodeURIComponent leaves !'()* alone). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const encodeKey = (key: string) => key.split('/').map(encode).join('/');

/**
 * S3 from the browser for what Amplify Storage's API lacks: object versions. Requests are
 * SigV4-signed with the signed-in user's identity-pool credentials; the bucket's policy decides
 * (only ADMINS hold the version grants). Every failure is an AttachmentError.
 */
@Injectable({ providedIn: 'root' })
export class BucketVersions {
  private readonly access = inject(VERSIONS_ACCESS);

  /** ListObjectVersions under `prefix`: one emission per page, in key order, each key newest first. Unsubscribing stops it. */
  list(prefix: string, pageSize = 1000): Observable<ObjectVersion[]> {
    return new Observable<ObjectVersion[]>((subscriber) => {
      const abort = new AbortController();
      void (async () => {
        let keyMarker: string | undefined;
        let versionIdMarker: string | undefined;
        do {
          const query: Record<string, string> = { versions: '', prefix, 'max-keys': String(pageSize) };
          if (keyMarker !== undefined) query['key-marker'] = keyMarker;
          if (versionIdMarker !== undefined) query['version-id-marker'] = versionIdMarker;
          const response = await this.send('GET', undefined, query, {}, abort.signal);
          const page = parseVersionsPage(await response.text());
          if (abort.signal.aborted) return;
          subscriber.next(page.versions);
          if (!page.truncated) break;
          if (page.nextKeyMarker === undefined) {
            throw new AttachmentError(
              'unavailable',
              'The bucket answered a truncated version listing without a marker to go on from.',
            );
          }
          keyMarker = page.nextKeyMarker;
          versionIdMarker = page.nextVersionIdMarker;
        } while (!abort.signal.aborted);
        subscriber.complete();
      })().catch((err: unknown) => {
        if (!abort.signal.aborted)
          subscriber.error(err instanceof AttachmentError ? err : toAttachmentError(err, MESSAGES));
      });
      return () => abort.abort();
    });
  }

  /** Every version (and delete marker) of exactly `path`, newest first. */
  versionsOf(path: string): Promise<ObjectVersion[]> {
    return lastValueFrom(
      this.list(path).pipe(
        reduce((all, page) => all.concat(page.filter((v) => v.path === path)), [] as ObjectVersion[]),
      ),
    );
  }

  /**
   * The current version of `path`; undefined when there is no file (never was, or deleted). One
   * listing request: the path's versions come first (its own key sorts before every longer key
   * with that prefix), newest first. A HeadObject would need a listing after it in the browser,
   * whose CORS rules (Gen 2's default) hide x-amz-version-id, and Node's fetch opens a new
   * connection for every HEAD; each bulk-deleted file asks this once before it goes.
   */
  async currentVersionId(path: string): Promise<string | undefined> {
    const response = await this.send('GET', undefined, { versions: '', prefix: path, 'max-keys': '1' });
    const newest = parseVersionsPage(await response.text()).versions[0];
    return newest && newest.path === path && !newest.deleteMarker ? newest.versionId : undefined;
  }

  /**
   * Makes `versionId` the current version of `path` again without overwriting anything newer: a
   * delete marker right above it is removed; one with other versions between is covered by a copy
   * of the version. A newer real file is a conflict, and the version already current is success.
   */
  async restore(path: string, versionId: string): Promise<{ versionId: string }> {
    const versions = await this.versionsOf(path);
    const target = versions.find((v) => v.versionId === versionId);
    if (!target) {
      throw new AttachmentError(
        'not-found',
        `That version of ${path} is no longer kept: it may have been deleted for good or expired after the retention period.`,
      );
    }
    if (target.deleteMarker) {
      throw new AttachmentError(
        'invalid-input',
        `${versionId} is a delete marker of ${path}, not a file that can be restored.`,
      );
    }
    const latest = versions[0]!;
    if (latest.versionId === versionId) return { versionId };
    if (!latest.deleteMarker) {
      throw new AttachmentError(
        'conflict',
        `A newer file is at ${path} (saved ${latest.lastModified.toISOString()}); it was left as it is and nothing was restored.`,
      );
    }
    if (versions[1]?.versionId === versionId) {
      await this.send('DELETE', path, { versionId: latest.versionId });
      return { versionId };
    }
    const { bucket } = await this.access.target();
    const response = await this.send(
      'PUT',
      path,
      {},
      {
        'x-amz-copy-source': `${bucket}/${encodeKey(path)}?versionId=${encode(versionId)}`,
      },
    );
    // CopyObject can fail after its 200 status line: the error is then the body.
    const failure = s3ErrorOf(await response.text());
    if (failure) throw toAttachmentError({ name: failure.code, message: failure.message }, MESSAGES);
    const copied = response.headers.get('x-amz-version-id') ?? (await this.currentVersionId(path));
    return { versionId: copied ?? '' };
  }

  private async send(
    method: string,
    key: string | undefined,
    query: Record<string, string>,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<Response> {
    const [target, credentials, { signRequest }] = await Promise.all([
      this.access.target(),
      this.access.credentials(),
      import('@aws-amplify/core/internals/aws-client-utils'),
    ]);
    const path = [
      target.pathStyle ? `/${encode(target.bucket)}` : '',
      key === undefined ? '/' : `/${encodeKey(key)}`,
    ].join('');
    const search = Object.entries(query)
      .map(([k, v]) => `${encode(k)}=${encode(v)}`)
      .join('&');
    const url = new URL(`${target.endpoint}${path === '' ? '/' : path}${search ? `?${search}` : ''}`);
    const signed = signRequest(
      { method, url, headers: { ...headers, 'x-amz-content-sha256': EMPTY_SHA256 } },
      { credentials, signingRegion: target.region, signingService: 's3', uriEscapePath: false },
    );
    // The browser sets Host itself and refuses to be told.
    const { host: _host, ...sent } = signed.headers;
    let response: Response;
    try {
      response = await this.access.fetch(url.toString(), { method, headers: sent, signal });
    } catch (err) {
      throw toAttachmentError(err, MESSAGES);
    }
    if (response.ok) return response;
    const body = method === 'HEAD' ? '' : await response.text().catch(() => '');
    const error = s3ErrorOf(body);
    const name = error?.code ?? (response.status === 404 ? 'NotFound' : `HTTP ${response.status}`);
    const message =
      name === 'NoSuchVersion' && key
        ? `That version of ${key} is no longer kept: it may have expired after the retention period.`
        : undefined;
    throw toAttachmentError(
      {
        name,
        message: error?.message ?? `${method} answered ${response.status}`,
        $metadata: { httpStatusCode: response.status },
      },
      message ? { ...MESSAGES, 'not-found': message } : MESSAGES,
    );
  }
}

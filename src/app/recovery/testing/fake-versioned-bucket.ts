import type { SigningCredentials, VersionsAccess, VersionsTarget } from '../bucket-versions';

interface StoredVersion {
  versionId: string;
  deleteMarker: boolean;
  lastModified: Date;
  size: number;
}

export interface SentRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A versioned bucket behind a fake fetch, answering the requests BucketVersions sends as S3 would
 * (ListObjectVersions paging, HeadObject, DeleteObject by version, CopyObject by version). It
 * records every request; `refuse` answers AccessDenied, `offline` makes fetch throw.
 */
export class FakeVersionedBucket implements VersionsAccess {
  readonly requests: SentRequest[] = [];
  refuse = false;
  offline = false;
  /** Answers without x-amz-version-id, as a browser sees a bucket whose CORS rules do not expose it. */
  hideVersionHeader = false;
  private readonly keys = new Map<string, StoredVersion[]>();
  private seq = 0;
  /** When the next write happens, less a minute (ms). */
  clock = Date.parse('2026-11-01T00:00:00Z');

  readonly targetValue: VersionsTarget = {
    bucket: 'files',
    region: 'eu-west-1',
    endpoint: 'http://localhost:20005',
    pathStyle: true,
  };

  /** Writes a new version (or, with `deleteMarker`, deletes) and returns its id. */
  put(key: string, deleteMarker = false, size = 10): string {
    const versionId = `v${String(++this.seq).padStart(4, '0')}`;
    this.clock += 60_000;
    const list = this.keys.get(key) ?? [];
    list.unshift({ versionId, deleteMarker, lastModified: new Date(this.clock), size });
    this.keys.set(key, list);
    return versionId;
  }

  delete(key: string): string {
    return this.put(key, true);
  }

  /** The key's versions, newest first, as ids (delete markers prefixed with `x:`). */
  history(key: string): string[] {
    return (this.keys.get(key) ?? []).map((v) => (v.deleteMarker ? `x:${v.versionId}` : v.versionId));
  }

  target = async () => this.targetValue;
  credentials = async (): Promise<SigningCredentials> => ({
    accessKeyId: 'AKIA',
    secretAccessKey: 'secret',
    sessionToken: 't',
  });

  fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const parsed = new URL(url);
    const headers = { ...(init.headers as Record<string, string>) };
    this.requests.push({ method: init.method ?? 'GET', url: parsed, headers });
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    if (this.offline) throw new TypeError('Failed to fetch');
    if (!headers['authorization']?.startsWith('AWS4-HMAC-SHA256 Credential=AKIA/'))
      return this.error(403, 'AccessDenied');
    if (this.refuse) return this.error(403, 'AccessDenied');
    const prefix = `/${this.targetValue.bucket}/`;
    const key = decodeURIComponent(parsed.pathname.slice(prefix.length));
    const q = parsed.searchParams;
    const method = init.method ?? 'GET';
    if (method === 'GET' && q.has('versions')) return this.listPage(q);
    const versions = this.keys.get(key) ?? [];
    if (method === 'HEAD') {
      const latest = versions[0];
      if (!latest || latest.deleteMarker) return new Response(null, { status: 404 });
      return new Response(null, { status: 200, headers: this.versionHeader(latest.versionId) });
    }
    if (method === 'DELETE' && q.has('versionId')) {
      const index = versions.findIndex((v) => v.versionId === q.get('versionId'));
      if (index < 0) return this.error(400, 'NoSuchVersion');
      versions.splice(index, 1);
      return new Response(null, { status: 204 });
    }
    const source = headers['x-amz-copy-source'];
    if (method === 'PUT' && source) {
      const [sourcePath, sourceQuery] = source.split('?');
      const sourceKey = decodeURIComponent(sourcePath!.slice(this.targetValue.bucket.length + 1));
      const wanted = new URLSearchParams(sourceQuery).get('versionId');
      const found = (this.keys.get(sourceKey) ?? []).find((v) => v.versionId === wanted && !v.deleteMarker);
      if (!found) return this.error(404, 'NoSuchVersion');
      const versionId = this.put(key, false, found.size);
      return new Response('<CopyObjectResult><ETag>"e"</ETag></CopyObjectResult>', {
        status: 200,
        headers: this.versionHeader(versionId),
      });
    }
    return this.error(501, 'NotImplemented');
  };

  private versionHeader(versionId: string): Record<string, string> {
    return this.hideVersionHeader ? {} : { 'x-amz-version-id': versionId };
  }

  private listPage(q: URLSearchParams): Response {
    const prefix = q.get('prefix') ?? '';
    const max = Number(q.get('max-keys') ?? 1000);
    const keyMarker = q.get('key-marker');
    const versionMarker = q.get('version-id-marker');
    const all = [...this.keys.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([key, versions]) => versions.map((v, i) => ({ key, v, latest: i === 0 })));
    let start = 0;
    if (keyMarker !== null) {
      const marked = all.findIndex((e) => e.key === keyMarker && e.v.versionId === versionMarker);
      start = marked >= 0 ? marked + 1 : all.findIndex((e) => e.key > keyMarker);
      if (start < 0) start = all.length;
    }
    const page = all.slice(start, start + max);
    const truncated = start + max < all.length;
    const last = page.at(-1);
    const entries = page
      .map(({ key, v, latest }) => {
        const tag = v.deleteMarker ? 'DeleteMarker' : 'Version';
        const extra = v.deleteMarker ? '' : `<ETag>&quot;e${v.versionId}&quot;</ETag><Size>${v.size}</Size>`;
        return `<${tag}><Key>${xmlEscape(key)}</Key><VersionId>${v.versionId}</VersionId><IsLatest>${latest}</IsLatest><LastModified>${v.lastModified.toISOString()}</LastModified>${extra}</${tag}>`;
      })
      .join('');
    const next =
      truncated && last
        ? `<NextKeyMarker>${xmlEscape(last.key)}</NextKeyMarker><NextVersionIdMarker>${last.v.versionId}</NextVersionIdMarker>`
        : '';
    return new Response(
      `<?xml version="1.0"?><ListVersionsResult><IsTruncated>${truncated}</IsTruncated>${next}${entries}</ListVersionsResult>`,
      {
        status: 200,
      },
    );
  }

  private error(status: number, code: string): Response {
    return new Response(`<Error><Code>${code}</Code><Message>${code} said the fake</Message></Error>`, { status });
  }
}

import { request } from 'node:http';

/** The one endpoint the (patched) Storage client reaches with its local-testing switch. */
const STORAGE_CLIENT_ORIGIN = 'http://localhost:20005';

/**
 * Sends the Storage client's requests, which only ever go to http://localhost:20005, to the
 * backend at `baseUrl` instead, for a seed run against a backend on another port: its uploads
 * land in that backend, never in whatever else listens on 20005. The request goes out as signed,
 * Host header included (fetch would put the new port there and break the signature). Other
 * requests pass through the original fetch. Does nothing when the backend is on 20005.
 */
export function forwardStorageClientTo(baseUrl: string): void {
  const target = new URL(baseUrl);
  if (target.origin === STORAGE_CLIENT_ORIGIN) return;
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.origin !== STORAGE_CLIENT_ORIGIN) return original.call(globalThis, input, init);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
    const headers: Record<string, string> = { host: url.host };
    req.headers.forEach((value, name) => (headers[name] = value));
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const out = request(
        {
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: url.pathname + url.search,
          headers,
          signal: req.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const answer = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const v of [value ?? []].flat()) answer.append(name, v);
            }
            const status = res.statusCode ?? 502;
            const noBody = req.method === 'HEAD' || status === 204 || status === 304;
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: answer }));
          });
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  };
}

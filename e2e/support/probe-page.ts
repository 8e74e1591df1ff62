import { createServer, type Server } from 'node:http';
import { build } from 'esbuild';

export interface ProbePage {
  url: string;
  close(): Promise<void>;
}

/**
 * Bundles a browser entry (e.g. storage-probe.browser.ts) the way an app's bundler would (the
 * packages' `browser` builds) and serves it as a blank page on its own localhost origin.
 */
export async function serveProbe(entry: string): Promise<ProbePage> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  const script = result.outputFiles[0]!.contents;
  const html =
    '<!doctype html><html><head><title>probe</title><script type="module" src="/probe.js"></script></head><body></body></html>';
  const server: Server = createServer((req, res) => {
    if (req.url === '/probe.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

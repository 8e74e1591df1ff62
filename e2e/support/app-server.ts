import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

// APP_DIST: another build's output, e.g. one a developer keeps apart while others rebuild dist/.
export const DIST = resolve(process.env['APP_DIST'] ?? 'dist/attachment-console/browser');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the production build (`npm run build`) the way a static host would, with
 * amplify_outputs.json beside it — or without one, to see the "no backend" page.
 */
export async function serveApp(outputs: Record<string, unknown> | null): Promise<AppServer> {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`No production build in ${DIST}: run \`npm run build\` first (npm test does).`);
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/amplify_outputs.json') {
      if (!outputs) {
        res.writeHead(404).end('Not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(outputs));
      return;
    }
    const file = normalize(join(DIST, path));
    const target =
      file.startsWith(DIST) && existsSync(file) && statSync(file).isFile() ? file : join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    createReadStream(target).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

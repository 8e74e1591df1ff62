// Development only: answers GET /amplify_outputs.json with the repository's file as it is at that
// moment (404 while there is none), so a file written after `ng serve` started is picked up on
// reload. The production build carries no outputs file; a deployer puts one beside index.html.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

/** Starts the server on a free loopback port; resolves to its URL and a close function. */
export async function startOutputsServer(file) {
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      res.end(`${file} does not exist yet: run the local backend (npm start) or npx ampx sandbox.`);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

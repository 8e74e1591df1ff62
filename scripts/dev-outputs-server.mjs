// Development only: answers GET /amplify_outputs.json with the repository's file as it is at that
// moment (404 while there is none), so a file written after `ng serve` started is picked up on
// reload. The production build carries no outputs file; a deployer puts one beside index.html.
// console.config.json is served the same way: from the project served with --project, else the
// repository root; a 404 while there is none, which the console reads as "no config".
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';

/**
 * Starts the server on a free loopback port; resolves to its URL and a close function. `missing`
 * is the body of the 404 while the file does not exist.
 */
export async function startOutputsServer(
  file,
  missing = `${file} does not exist yet: run the local backend (npm start) or npx ampx sandbox.`,
) {
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
      res.end(missing);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Where the dev server's console.config.json comes from: the project `npm start -- --project <dir>`
 * serves (LOCAL_BACKEND_PROJECT, which start.mjs sets for the dev server), else the repository root.
 */
export function consoleConfigFile(env = process.env, root = process.cwd()) {
  return join(resolve(root, env.LOCAL_BACKEND_PROJECT || '.'), 'console.config.json');
}

// `npm start`: the local backend (which writes amplify_outputs.json and seeds demo data on first
// start) and the console's dev server, together; Ctrl-C stops both.
// `npm start -- --no-backend` serves the console alone, for an amplify_outputs.json from
// `npx ampx sandbox`. Other flags go to the local backend (e.g. --latency 300 --fail-rate 0.1).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`usage: npm start [-- [--no-backend] [local backend flags]]

  Starts the local backend (writes amplify_outputs.json, seeds demo data on first start) and the
  console's dev server on http://localhost:4200; Ctrl-C stops both.

  --no-backend   serve the console alone, against the amplify_outputs.json in the repository
                 (e.g. from npx ampx sandbox); a file written later is picked up on reload
  --project <dir> the Gen 2 app to serve (default this repository); the console also gets that
                 app's console.config.json, when it has one
  other flags    go to the local backend, e.g. --latency 300 --fail-rate 0.1 --port 20005, or
                 --project examples/storefront to serve another Gen 2 app (npm run backend -- --help lists them)`);
  process.exit(0);
}
const withBackend = !args.includes('--no-backend');
const backendArgs = args.filter((a) => a !== '--no-backend');
// The dev server serves that project's console.config.json beside the outputs (dev-proxy.mjs).
const project = projectOf(args);
if (project) process.env.LOCAL_BACKEND_PROJECT = project;
const children = [];
let stopping = false;

/**
 * Stops the children and exits once they are gone. A terminal's Ctrl-C reaches every process of
 * the group at once; passing the same signal on is harmless and covers a `kill` of this process.
 */
function stopAll(code, signal = 'SIGTERM') {
  if (stopping) return;
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill(signal);
  const force = setTimeout(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, 5000);
  Promise.all(running.map((child) => new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r))))).then(
    () => {
      clearTimeout(force);
      process.exit(code);
    },
  );
}
process.on('SIGINT', () => stopAll(0, 'SIGINT'));
process.on('SIGTERM', () => stopAll(0, 'SIGTERM'));

/** The value of `--project <dir>` or `--project=<dir>`, if given. */
function projectOf(argv) {
  const at = argv.findIndex((a) => a === '--project' || a.startsWith('--project='));
  if (at < 0) return undefined;
  return argv[at].includes('=') ? argv[at].slice('--project='.length) : argv[at + 1];
}

function start(name, cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { stdio: 'inherit', env: process.env });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n[start] ${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
    stopAll(code || 1);
  });
  return child;
}

async function waitForOutputs(since, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return false;
    if (existsSync('amplify_outputs.json') && statSync('amplify_outputs.json').mtimeMs >= since) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main() {
  if (withBackend) {
    const since = Date.now() - 1000;
    start('local backend', 'node', ['--import', 'tsx', 'local-backend/main.ts', ...backendArgs]);
    if (!(await waitForOutputs(since, 180_000))) {
      if (!stopping) {
        console.error(
          '[start] The local backend did not write amplify_outputs.json within 3 minutes; see its log above.',
        );
        stopAll(1);
      }
      return; // stopAll exits once the children are gone
    }
  } else if (!existsSync('amplify_outputs.json')) {
    console.error(
      '[start] --no-backend: there is no amplify_outputs.json yet; the console explains how to get one and picks the file up on reload.',
    );
  }
  if (!stopping) start('console dev server', 'ng', ['serve', '--host', '127.0.0.1']);
}

void main();

// `npm start`: the local backend (which writes amplify_outputs.json and seeds demo data on first
// start) and the console's dev server, together; Ctrl-C stops both.
// `npm start -- --no-backend` serves the console alone, for an amplify_outputs.json from
// `npx ampx sandbox`. Other flags go to the local backend (e.g. --latency 300 --fail-rate 0.1).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const args = process.argv.slice(2);
const withBackend = !args.includes('--no-backend');
const backendArgs = args.filter((a) => a !== '--no-backend');
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

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

if (withBackend) {
  const since = Date.now() - 1000;
  start('local backend', 'node', ['--import', 'tsx', 'amplify/local/main.ts', ...backendArgs]);
  if (!(await waitForOutputs(since, 180_000))) {
    if (!stopping) {
      console.error(
        '[start] The local backend did not write amplify_outputs.json within 3 minutes; see its log above.',
      );
      stopAll(1);
    }
    await new Promise(() => {});
  }
} else if (!existsSync('amplify_outputs.json')) {
  console.error('[start] --no-backend: there is no amplify_outputs.json yet; the console will show how to get one.');
}

start('console dev server', 'ng', ['serve', '--host', '127.0.0.1']);

/**
 * The local backend: `npm run backend -- [flags]` starts it; `npm run backend -- users …` manages
 * users. Flags: --project <dir> (this repository) --port (20005) --host (127.0.0.1) --data-dir
 * (.local-backend) --latency <ms> --fail-rate <0..1> --log-level debug|info|warn|error
 * --outputs <file> --no-seed
 */
import { join, relative } from 'node:path';
import { createLogger } from './log.ts';
import { USAGE, parseOptions } from './options.ts';
import { REPO_ROOT, serveAmplifyDir } from './project.ts';
import { readDefinitionsAsProps } from './props-hook.ts';

// Before anything loads a project's auth or storage resource: their define* calls only record
// props here (the real package is most of the start-up time; synthesis uses it). See props-hook.ts.
readDefinitionsAsProps();
const { startLocalBackend } = await import('./local-backend.ts');
const { runUsersCommand } = await import('./identity/users-cli.ts');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // `users …` has flags of its own (--group, --temporary): everything after the word is its.
  const usersAt = argv.indexOf('users');
  const own = usersAt < 0 ? argv : argv.slice(0, usersAt);
  if (own.includes('--help') || own.includes('-h')) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  let parsed;
  try {
    parsed = parseOptions(usersAt < 0 ? argv : argv.slice(0, usersAt + 1));
  } catch (err) {
    console.error(`local backend: ${(err as Error).message}`);
    process.exit(2);
  }
  const { options, rest } = parsed;
  const [command = 'start'] = rest;
  const log = createLogger(options.logLevel);
  const project = options.project ?? REPO_ROOT;
  serveAmplifyDir(join(project, 'amplify'));

  if (command === 'users') {
    process.exit(await runUsersCommand(options, argv.slice(usersAt + 1)));
  }
  if (command === 'schedules') {
    process.exit(await fireSchedule(options, rest.slice(1), log));
  }
  if (command !== 'start') {
    console.error(
      `local backend: unknown command "${command}". Use: start | users <list|add|remove|add-to-group|remove-from-group> | schedules fire <function>`,
    );
    process.exit(2);
  }

  // Registered before starting: a signal during start-up (a first synthesis takes a while) stops
  // the start itself — the synthesis child is killed and nothing half-written is left behind.
  const starting = new AbortController();
  let backend: Awaited<ReturnType<typeof startLocalBackend>> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    if (!backend) {
      starting.abort(new StartAborted(signal));
      return; // the start's own clean-up runs, then main() exits
    }
    await backend.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    backend = await startLocalBackend(options, log, starting.signal);
  } catch (err) {
    if (err instanceof StartAborted) process.exit(0);
    console.error(`local backend: ${(err as Error).message}`);
    process.exit(1);
  }
  const o = backend.outputs as { data?: { url?: string }; storage?: { bucket_name?: string } };
  const emailWidth = Math.max(0, ...backend.demoAccounts.map((a) => a.email.length));
  const lines = [
    '',
    `  Attachment Console local backend on ${backend.baseUrl}`,
    `    serving              ${relative(process.cwd(), join(project, 'amplify')) || join(project, 'amplify')}/`,
    `    Cognito user pool    ${backend.baseUrl}/cognito-idp   (pool ${backend.identity.userPoolId})`,
    `    Cognito identity     ${backend.baseUrl}/cognito-identity`,
    o.data?.url
      ? `    AppSync GraphQL      ${o.data.url}  (realtime ${o.data.url.replace('http://', 'ws://')}/realtime)`
      : undefined,
    o.storage?.bucket_name ? `    S3                   ${backend.baseUrl}/${o.storage.bucket_name}` : undefined,
    `    data directory       ${options.dataDir}`,
    options.outputsFile ? `    outputs written to   ${options.outputsFile}` : undefined,
    `    started in           ${(performance.now() / 1000).toFixed(1)} s`,
    options.latencyMs || options.failRate
      ? `    added latency ${options.latencyMs} ms, failing ${(options.failRate * 100).toFixed(1)}% of requests on purpose`
      : undefined,
    ...(backend.demoAccounts.length
      ? [
          '',
          '  Accounts the seed made (manage users with `npm run backend -- users`):',
          ...backend.demoAccounts.map(
            (a) => `    ${(a.group || '(no group)').padEnd(10)} ${a.email.padEnd(emailWidth)}  password: ${a.password}`,
          ),
        ]
      : ['', '  The seed made no accounts: `npm run backend -- users add` makes one.']),
    '',
  ].filter((l) => l !== undefined);
  console.log(lines.join('\n') + '\n');
}

/** `schedules fire <function>`: starts the backend, fires the function's schedules, prints what it returned. */
async function fireSchedule(
  options: Parameters<typeof startLocalBackend>[0],
  args: string[],
  log: ReturnType<typeof createLogger>,
): Promise<number> {
  const [verb, fn] = args;
  if (verb !== 'fire' || !fn) {
    console.error('local backend: usage: schedules fire <function> (the name given to defineFunction)');
    return 2;
  }
  let backend: Awaited<ReturnType<typeof startLocalBackend>>;
  try {
    backend = await startLocalBackend({ ...options, outputsFile: '' }, log);
  } catch (err) {
    console.error(
      `local backend: ${(err as Error).message}${/EADDRINUSE|in use/i.test((err as Error).message) ? ' (a running backend fires it with --fire-schedules-now at its start, or pass --port 0)' : ''}`,
    );
    return 1;
  }
  try {
    if (!backend.schedules) {
      console.error('local backend: the project defines no scheduled function');
      return 1;
    }
    const results = await backend.schedules.scheduler.fireNow(fn);
    for (const r of results) console.log(JSON.stringify(r, null, 2));
    return 0;
  } catch (err) {
    console.error(`local backend: ${(err as Error).message}`);
    return 1;
  } finally {
    await backend.close();
  }
}

class StartAborted extends Error {
  constructor(signal: string) {
    super(`start-up stopped by ${signal}`);
  }
}

void main();

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, checkProject, defaultDataDir } from './project.ts';

/** Settings of the local backend process, from flags first, then environment, then defaults. */
export interface BackendOptions {
  /** Loopback by default; anything else must be asked for. */
  host: string;
  /** The Gen 2 project served: the folder holding amplify/backend.ts (absent: this repository). */
  project?: string;
  /**
   * One port serves every protocol. 20005 is where the (patched) aws-amplify Storage client
   * looks when `dangerouslyConnectToHttpEndpointForTesting` is set, so it is the default.
   */
  port: number;
  dataDir: string;
  /** Added delay per request, in milliseconds. */
  latencyMs: number;
  /** Share of requests (0..1) answered with a 503 ServiceUnavailable on purpose (clients retry those). */
  failRate: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Where amplify_outputs.json is written; empty string to skip. */
  outputsFile: string;
  /** Run the project's amplify/seed/seed.ts on a first start (a data directory never seeded). */
  seed: boolean;
  /**
   * Tests of the sign-up flow only: the user pool accepts SignUp even when amplify/ makes it
   * admin-create-only (as a pool with self sign-up on would). Not a command-line option.
   */
  selfSignUp?: boolean;
  /** Fire every function schedule once as soon as the backend has started. */
  fireSchedulesNow?: boolean;
  /** Write the bucket's S3 Inventory reports once as soon as the backend has started. */
  inventoryNow?: boolean;
}

export const DEFAULT_PORT = 20005;

export const USAGE = `Usage: npm run backend -- [flags] [start]
       npm run backend -- [flags] users <list|add|remove|add-to-group|remove-from-group> …
       npm run backend -- [flags] schedules fire <function>

Starts the local backend (Cognito, AppSync with realtime, S3) on one port, or manages its users.

Flags (each also read from the environment variable named after it):
  --project <dir>      the Gen 2 app to serve: the folder holding amplify/backend.ts (LOCAL_BACKEND_PROJECT;
                       default this repository). Its state lives apart, in .local-backend/projects/<name>-<hash>
  --port <n>           port for every protocol (LOCAL_BACKEND_PORT; default ${20005}: the Storage client only reaches 20005)
  --host <address>     address to listen on (LOCAL_BACKEND_HOST; default 127.0.0.1, loopback only)
  --data-dir <dir>     where records, users and files live (LOCAL_BACKEND_DATA_DIR; default .local-backend
                       for this repository)
  --latency <ms>       added delay per request (LOCAL_BACKEND_LATENCY_MS; default 0)
  --fail-rate <0..1>   share of requests failed on purpose with a 503 (LOCAL_BACKEND_FAIL_RATE; default 0)
  --log-level <level>  debug | info | warn | error (LOCAL_BACKEND_LOG_LEVEL; default info)
  --outputs <file>     where amplify_outputs.json is written, '' for nowhere (LOCAL_BACKEND_OUTPUTS)
  --no-seed            do not run the project's amplify/seed/seed.ts on a first start
  --fire-schedules-now fire every scheduled function (defineFunction's schedule) once at start
  --inventory-now      write the bucket's S3 Inventory reports (backend.ts's inventory configuration) once at start
  --help               this text
`;

export function parseOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { options: BackendOptions; rest: string[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      host: { type: 'string' },
      project: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      latency: { type: 'string' },
      'fail-rate': { type: 'string' },
      'log-level': { type: 'string' },
      outputs: { type: 'string' },
      'no-seed': { type: 'boolean' },
      'fire-schedules-now': { type: 'boolean' },
      'inventory-now': { type: 'boolean' },
    },
  });
  const port = Number(values.port ?? env['LOCAL_BACKEND_PORT'] ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got ${values.port}`);
  const latencyMs = Number(values.latency ?? env['LOCAL_BACKEND_LATENCY_MS'] ?? 0);
  if (!(latencyMs >= 0)) throw new Error(`--latency must be a number of milliseconds >= 0, got ${values.latency}`);
  const failRate = Number(values['fail-rate'] ?? env['LOCAL_BACKEND_FAIL_RATE'] ?? 0);
  if (!(failRate >= 0 && failRate <= 1))
    throw new Error(`--fail-rate must be between 0 and 1, got ${values['fail-rate']}`);
  const logLevel = (values['log-level'] ?? env['LOCAL_BACKEND_LOG_LEVEL'] ?? 'info') as BackendOptions['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    throw new Error(`--log-level must be debug, info, warn or error`);
  const projectFlag = values.project ?? env['LOCAL_BACKEND_PROJECT'];
  const project = projectFlag ? checkProject(projectFlag) : REPO_ROOT;
  const dataDir = values['data-dir'] ?? env['LOCAL_BACKEND_DATA_DIR'];
  return {
    options: {
      host: values.host ?? env['LOCAL_BACKEND_HOST'] ?? '127.0.0.1',
      project,
      port,
      dataDir: dataDir ? resolve(dataDir) : defaultDataDir(project),
      latencyMs,
      failRate,
      logLevel,
      outputsFile: values.outputs ?? env['LOCAL_BACKEND_OUTPUTS'] ?? resolve('amplify_outputs.json'),
      seed: !values['no-seed'],
      fireSchedulesNow: !!values['fire-schedules-now'],
      inventoryNow: !!values['inventory-now'],
    },
    rest: positionals,
  };
}

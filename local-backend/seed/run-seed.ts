import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IdentityService } from '../identity/index.ts';
import type { Logger } from '../log.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { SeededAccount } from './amplify-seed.ts';

/** What `npx ampx sandbox seed generate-policy` grants a seed in the cloud. */
const SEED_ACTIONS = ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup'];
/** Objects the seed writes are dated this far back, so an orphan report's grace period shows them. */
export const SEED_AGE_MS = 2 * 24 * 3600 * 1000;

const CHILD = fileURLToPath(new URL('./seed-child.ts', import.meta.url));
// Where tsx's loader is, whatever the working directory (a project elsewhere has no tsx of its own).
const TSX = createRequire(import.meta.url).resolve('tsx');

export interface SeedRun {
  projectRoot: string;
  dataDir: string;
  baseUrl: string;
  outputs: Record<string, unknown>;
  identity: IdentityService;
  /** The local S3's objects, to date what the seed uploaded (absent when the project has no storage). */
  objects?: ObjectStore;
  log: Logger;
  signal?: AbortSignal;
}

const seededMarker = (dataDir: string) => join(dataDir, 'seeded');
const accountsFile = (dataDir: string) => join(dataDir, 'seed-accounts.json');

/** The accounts the project's seed made in this data directory (empty when it made none). */
export function seededAccounts(dataDir: string): SeededAccount[] {
  const file = accountsFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SeededAccount[]) : [];
}

/**
 * On a first start (a data directory never seeded, with no users yet), runs the project's amplify/seed/seed.ts the
 * way `npx ampx sandbox seed` does, against this backend, then dates what it uploaded
 * SEED_AGE_MS back. It writes the project's amplify_outputs.json first, where the sandbox would
 * and where seed scripts read it. A seed that fails stops the start with its output. Returns
 * whether it ran.
 */
export async function seedOnFirstStart(run: SeedRun): Promise<boolean> {
  const seedFile = join(run.projectRoot, 'amplify', 'seed', 'seed.ts');
  // A data directory with users in it was seeded (or used) already, if by an older version.
  if (existsSync(seededMarker(run.dataDir)) || run.identity.store.listUsers().length > 0) return false;
  if (!existsSync(seedFile)) {
    run.log.info(`No ${relative(process.cwd(), seedFile) || seedFile}: the backend starts empty.`);
    writeFileSync(seededMarker(run.dataDir), new Date().toISOString());
    return false;
  }
  writeFileSync(join(run.projectRoot, 'amplify_outputs.json'), JSON.stringify(run.outputs, null, 2) + '\n');
  const outputsFile = join(run.dataDir, 'seed-outputs.json');
  writeFileSync(outputsFile, JSON.stringify(run.outputs));
  rmSync(accountsFile(run.dataDir), { force: true });
  const role = run.identity.admin.issueRoleCredentials('seed', SEED_ACTIONS, 3600);
  const started = new Date(Date.now() - 1000);
  run.log.info(
    `Seeding: running ${relative(process.cwd(), seedFile) || seedFile} (first start of this data directory)…`,
  );
  await runChild(seedFile, run, {
    AMPLIFY_BACKEND_IDENTIFIER: JSON.stringify({
      namespace: basename(run.projectRoot),
      name: 'local',
      type: 'sandbox',
    }),
    AWS_REGION: run.identity.api.region,
    AWS_ACCESS_KEY_ID: role.accessKeyId,
    AWS_SECRET_ACCESS_KEY: role.secretAccessKey,
    AWS_SESSION_TOKEN: role.sessionToken,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${run.baseUrl}/cognito-idp`,
    // The Storage client reaches http://localhost:20005 only: the child sends its requests here.
    LOCAL_BACKEND_SEED_BASE_URL: run.baseUrl,
    LOCAL_BACKEND_SEED_OUTPUTS: outputsFile,
    LOCAL_BACKEND_SEED_ACCOUNTS: accountsFile(run.dataDir),
    LOCAL_BACKEND_SEED_SECRETS: join(run.dataDir, 'secrets.json'),
  });
  if (run.objects) ageObjectsSince(run.objects, started);
  writeFileSync(seededMarker(run.dataDir), new Date().toISOString());
  return true;
}

function ageObjectsSince(objects: ObjectStore, since: Date): void {
  for (let after = ''; ; ) {
    const page = objects.list('', after, 1000);
    for (const meta of page) {
      if (meta.lastModified < since) continue;
      objects.commit(meta.key, meta.file, {
        ...meta,
        lastModified: new Date(meta.lastModified.getTime() - SEED_AGE_MS),
      });
    }
    if (page.length < 1000) return;
    after = page.at(-1)!.key;
  }
}

function runChild(seedFile: string, run: SeedRun, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    run.signal?.throwIfAborted();
    const child = spawn(process.execPath, ['--import', TSX, CHILD, seedFile], {
      cwd: run.projectRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
      // ampx runs through a package manager, which names itself to the tools it runs.
      env: { npm_config_user_agent: 'npm', ...process.env, NODE_OPTIONS: '', ...env },
    });
    const onAbort = () => child.kill('SIGKILL');
    run.signal?.addEventListener('abort', onAbort, { once: true });
    let output = '';
    const relay = (chunk: Buffer) => {
      output += chunk.toString();
      let nl;
      while ((nl = output.indexOf('\n')) >= 0) {
        const line = output.slice(0, nl);
        output = output.slice(nl + 1);
        if (line.trim()) run.log.info(`  seed: ${line}`);
        lines.push(line);
      }
    };
    const lines: string[] = [];
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('exit', (code) => {
      run.signal?.removeEventListener('abort', onAbort);
      if (run.signal?.aborted) return reject(run.signal.reason);
      if (code === 0) return resolve();
      const tail = lines
        .filter((l) => l.trim() && l.length < 400)
        .slice(-30)
        .join('\n');
      reject(
        new Error(
          `${seedFile} failed (exit ${code}). Fix it, then start again with a fresh data directory (delete ${run.dataDir}):\n${tail}`,
        ),
      );
    });
  });
}

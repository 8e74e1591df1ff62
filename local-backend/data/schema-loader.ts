import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.ts';
import { REPO_AMPLIFY_DIR, servedAmplify } from '../project.ts';
import type { CustomOperation, FunctionDefinition } from './function-definitions.ts';
import type { AuthMode } from './auth-mode.ts';
import type { BucketTemplate } from '../storage/bucket-template.ts';
import type { FunctionSchedule } from '../schedules/scheduler.ts';
import type { StorageTrigger } from '../storage/notifications.ts';

/** What the cloud would deploy for amplify/data/resource.ts, derived offline. */
export interface DataDefinitions {
  /** The transformed AppSync schema (with @aws_* directives), as AppSync serves it. */
  appsyncSchema: string;
  /** The model schema with @model/@auth, from which the introspection is generated. */
  modelSchema: string;
  /** amplify_outputs.json data.model_introspection, generated as ampx does. */
  modelIntrospection: ModelIntrospection;
  apiKeyExpiresInDays: number | null;
  /** The API's default authorization mode and the others it accepts, as deployed. */
  authorizationModes: { defaultMode: AuthMode; additionalModes: AuthMode[] };
  /** The user pool client's PreventUserExistenceErrors as synthesized (Cognito's default is LEGACY). */
  userPoolClient: { preventUserExistenceErrors: boolean; adminCreateUserOnly?: boolean };
  /** Functions (defineFunction) that resolve custom operations, with their bundles and grants. */
  functions?: FunctionDefinition[];
  customOperations?: CustomOperation[];
  /** The storage buckets as synthesized: versioning, lifecycle rules, role statements about them. */
  buckets?: BucketTemplate[];
  /** EventBridge Scheduler schedules whose target is one of `functions`. */
  schedules?: FunctionSchedule[];
  /** The bucket's notifications to functions (defineStorage's triggers). */
  triggers?: StorageTrigger[];
}

export interface ModelIntrospection {
  version: number;
  models: Record<string, IntrospectionModel>;
  enums: Record<string, unknown>;
  nonModels: Record<string, unknown>;
}

export interface IntrospectionModel {
  name: string;
  pluralName: string;
  fields: Record<
    string,
    {
      name: string;
      type: unknown;
      isArray: boolean;
      isRequired: boolean;
      attributes: IntrospectionAttribute[];
      isReadOnly?: boolean;
    }
  >;
  attributes: IntrospectionAttribute[];
  primaryKeyInfo: { primaryKeyFieldName: string; sortKeyFieldNames: string[] };
}

export interface IntrospectionAttribute {
  type: string;
  properties?: { rules?: AuthRule[]; [key: string]: unknown };
}

export interface AuthRule {
  allow: 'public' | 'private' | 'owner' | 'groups' | 'custom' | string;
  provider?: 'apiKey' | 'userPools' | 'iam' | 'oidc' | 'function' | 'identityPool' | string;
  operations?: string[];
  groups?: string[];
  groupClaim?: string;
  groupsField?: string;
  ownerField?: string;
  identityClaim?: string;
}

const AMPLIFY_DIR = REPO_AMPLIFY_DIR;
const REPO_ROOT = dirname(AMPLIFY_DIR);
const RESOLVE_FROM_REPO = fileURLToPath(new URL('../resolve-from-repo.ts', import.meta.url));
const CACHE_VERSION = 3;

/**
 * The amplify/ folder whose Data definitions are served: the served project's (this repository's
 * unless --project), or LOCAL_BACKEND_AMPLIFY_DIR (the start-up benchmark points it at a changed copy).
 */
export function amplifyDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['LOCAL_BACKEND_AMPLIFY_DIR'] || servedAmplify();
}

/** The shared cache for fresh data directories (tests); LOCAL_BACKEND_CACHE_DIR moves it. */
export function sharedCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['LOCAL_BACKEND_CACHE_DIR'] || join(REPO_ROOT, 'node_modules', '.cache', 'local-backend-data');
}

/**
 * Synthesizing takes seconds to a minute, so the result is cached under a hash of the backend
 * definitions (every file in amplify/ but the local backend) and the Amplify package versions:
 * in the data directory, and in a shared cache for fresh data directories (tests). Aborting
 * `signal` stops a synthesis under way and leaves no file behind.
 */
export async function loadDefinitions(dataDir: string, log: Logger, signal?: AbortSignal): Promise<DataDefinitions> {
  const source = amplifyDir();
  const key = definitionsHash(source);
  const caches = [join(dataDir, 'data', 'definitions'), sharedCacheDir()];
  for (const dir of caches) {
    const file = join(dir, `${key}.json`);
    if (existsSync(file)) {
      let defs: DataDefinitions;
      try {
        defs = JSON.parse(readFileSync(file, 'utf8')) as DataDefinitions;
      } catch {
        continue; // unreadable: synthesize again
      }
      for (const other of caches) if (other !== dir) writeCache(other, key, defs);
      return defs;
    }
  }
  const shown = relative(process.cwd(), source) || source;
  log.info(`Deriving the GraphQL schema from ${shown}/ (CDK synthesis, once per change to it)…`);
  const started = Date.now();
  const defs = await synthesize(join(source, 'backend.ts'), {
    signal,
    progress: (step) => log.info(`  synthesis: ${step}`),
  });
  log.info(`GraphQL schema ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  for (const dir of caches) writeCache(dir, key, defs);
  return defs;
}

function writeCache(dir: string, key: string, defs: DataDefinitions): void {
  const tmp = join(dir, `${key}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, JSON.stringify(defs));
    renameSync(tmp, join(dir, `${key}.json`));
  } catch {
    // A cache that cannot be written only costs time.
    rmSync(tmp, { force: true });
  }
}

/**
 * Every file of amplify/ (but dependencies, and amplify/seed/: the seed script is no part of what
 * deploys), by relative path and content.
 */
export function definitionsHash(amplifyDir = AMPLIFY_DIR): string {
  const hash = createHash('sha256').update(String(CACHE_VERSION));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      const rel = relative(amplifyDir, path);
      if (entry.name === 'node_modules' || rel === 'seed') continue;
      if (entry.isDirectory()) walk(path);
      else hash.update(rel).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(amplifyDir);
  // What the synthesis extracts is part of the key too.
  for (const file of [
    './synth-child.ts',
    './function-definitions.ts',
    './function-resource-grants.ts',
    './function-api-grants.ts',
    '../storage/trigger-definitions.ts',
  ]) {
    hash.update(readFileSync(fileURLToPath(new URL(file, import.meta.url))));
  }
  for (const pkg of [
    '@aws-amplify/backend',
    '@aws-amplify/backend-auth',
    '@aws-amplify/data-schema',
    '@aws-amplify/graphql-generator',
    '@aws-amplify/data-construct',
  ]) {
    const file = join(REPO_ROOT, 'node_modules', pkg, 'package.json');
    if (existsSync(file)) hash.update(pkg).update(JSON.parse(readFileSync(file, 'utf8')).version);
  }
  return hash.digest('hex').slice(0, 24);
}

export interface SynthesizeOptions {
  /** Kills the synthesis (and removes its output) when aborted; the promise rejects with the reason. */
  signal?: AbortSignal;
  /** Called with each step the synthesis reports, and every 10 s while a step runs. */
  progress?: (step: string) => void;
}

/** Synthesizes a backend definition file (amplify/backend.ts unless given) in a child process. */
export function synthesize(
  backendFile = join(AMPLIFY_DIR, 'backend.ts'),
  { signal, progress }: SynthesizeOptions = {},
): Promise<DataDefinitions> {
  // Everything the child writes goes in one folder of ours, removed whatever happens to the child.
  const work = join(tmpdir(), `local-backend-synth-${process.pid}-${randomUUID()}`);
  const out = join(work, 'definitions.json');
  const child = fileURLToPath(new URL('./synth-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    mkdirSync(work, { recursive: true });
    const proc = spawn(process.execPath, ['--import', 'tsx', '--import', RESOLVE_FROM_REPO, child, backendFile, out], {
      cwd: REPO_ROOT,
      // stdin stays open: the child stops when it closes (this process gone).
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const started = Date.now();
    let step = 'starting';
    const ticker = setInterval(
      () => progress?.(`${step} (${Math.round((Date.now() - started) / 1000)} s so far)`),
      10_000,
    );
    const onAbort = () => {
      proc.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearInterval(ticker);
      signal?.removeEventListener('abort', onAbort);
      rmSync(work, { recursive: true, force: true });
    };
    let stderr = '';
    let stdout = '';
    proc.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      let nl;
      while ((nl = stdout.indexOf('\n')) >= 0) {
        const line = stdout.slice(0, nl);
        stdout = stdout.slice(nl + 1);
        if (line.startsWith('progress: ')) {
          step = line.slice('progress: '.length);
          progress?.(step);
        }
      }
    });
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdin.on('error', () => undefined);
    proc.on('error', (err) => {
      done();
      reject(err);
    });
    proc.on('exit', (code) => {
      if (signal?.aborted) {
        done();
        reject(signal.reason);
        return;
      }
      if (code !== 0 || !existsSync(out)) {
        done();
        // Source lines of minified packages that Node quotes above an error say nothing to a reader.
        const readable = stderr
          .split('\n')
          .filter((line) => line.length < 400 && line.trim() !== '')
          .join('\n');
        reject(new Error(`Could not derive the schema from ${backendFile} (exit ${code}):\n${readable.slice(-4000)}`));
        return;
      }
      const defs = JSON.parse(readFileSync(out, 'utf8')) as DataDefinitions;
      done();
      resolve(defs);
    });
  });
}

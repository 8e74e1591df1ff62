import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.ts';
import type { AuthMode } from './models.ts';

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

const AMPLIFY_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO_ROOT = dirname(AMPLIFY_DIR.replace(/\/$/, ''));
const CACHE_VERSION = 2;

/**
 * Synthesizing takes a quarter of a minute, so the result is cached under a hash of the backend
 * definitions (everything in amplify/ but the local backend) and the Amplify package versions:
 * in the data directory, and in node_modules/.cache for fresh data directories (tests).
 */
export async function loadDefinitions(dataDir: string, log: Logger): Promise<DataDefinitions> {
  const key = definitionsHash();
  const caches = [
    join(dataDir, 'data', 'definitions'),
    join(REPO_ROOT, 'node_modules', '.cache', 'local-backend-data'),
  ];
  for (const dir of caches) {
    const file = join(dir, `${key}.json`);
    if (existsSync(file)) {
      const defs = JSON.parse(readFileSync(file, 'utf8')) as DataDefinitions;
      for (const other of caches) if (other !== dir) writeCache(other, key, defs);
      return defs;
    }
  }
  log.info('Deriving the GraphQL schema from amplify/data/resource.ts (CDK synthesis, once per change)…');
  const started = Date.now();
  const defs = await synthesize();
  log.info(`GraphQL schema ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  for (const dir of caches) writeCache(dir, key, defs);
  return defs;
}

function writeCache(dir: string, key: string, defs: DataDefinitions): void {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(defs));
    renameSync(tmp, join(dir, `${key}.json`));
  } catch {
    // A cache that cannot be written only costs time.
  }
}

export function definitionsHash(): string {
  const hash = createHash('sha256').update(String(CACHE_VERSION));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(AMPLIFY_DIR, path);
      if (rel === 'local' || name === 'node_modules' || name.startsWith('.')) continue;
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(rel).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(AMPLIFY_DIR);
  for (const pkg of [
    '@aws-amplify/backend',
    '@aws-amplify/data-schema',
    '@aws-amplify/graphql-generator',
    '@aws-amplify/data-construct',
  ]) {
    const file = join(REPO_ROOT, 'node_modules', pkg, 'package.json');
    if (existsSync(file)) hash.update(pkg).update(JSON.parse(readFileSync(file, 'utf8')).version);
  }
  return hash.digest('hex').slice(0, 24);
}

/** Synthesizes a backend definition file (amplify/backend.ts unless given) in a child process. */
export function synthesize(backendFile = join(AMPLIFY_DIR, 'backend.ts')): Promise<DataDefinitions> {
  const out = join(REPO_ROOT, 'node_modules', '.cache', `local-backend-synth-${process.pid}-${Date.now()}.json`);
  mkdirSync(dirname(out), { recursive: true });
  const child = fileURLToPath(new URL('./synth-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, backendFile, out], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stderr = '';
    proc.stdout.resume();
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0 || !existsSync(out)) {
        // Source lines of minified packages that Node quotes above an error say nothing to a reader.
        const readable = stderr
          .split('\n')
          .filter((line) => line.length < 400 && line.trim() !== '')
          .join('\n');
        reject(new Error(`Could not derive the schema from ${backendFile} (exit ${code}):\n${readable.slice(-4000)}`));
        return;
      }
      const defs = JSON.parse(readFileSync(out, 'utf8')) as DataDefinitions;
      rmSync(out, { force: true });
      resolve(defs);
    });
  });
}

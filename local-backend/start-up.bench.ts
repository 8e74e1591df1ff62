/**
 * Start-up time of the local backend, as `npm run backend` starts it (a new process): with an
 * unchanged amplify/ (the cached definitions are used) and after a change to
 * amplify/data/resource.ts (a copy of amplify/ with one more field, so the real file is never
 * touched: the schema is synthesized again). Time runs from spawning the process to the banner.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const GOAL_MS = 3000;

interface Start {
  ms: number;
  /** Milliseconds per start-up step, as the backend logs them at debug level. */
  steps: Record<string, number>;
  /** Milliseconds from spawning to the first synthesis progress line (when there was a synthesis). */
  firstProgressMs?: number;
  progressLines: number;
}

function startOnce(dataDir: string, env: Record<string, string> = {}): Promise<Start> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(
      process.execPath,
      // No seed: the seed script takes seconds of its own on a first start (seed.test.ts runs it).
      ['--import', 'tsx', MAIN, '--port', '0', '--data-dir', dataDir, '--outputs', '', '--no-seed'],
      {
        cwd: REPO,
        env: { ...process.env, LOCAL_BACKEND_LOG_LEVEL: 'debug', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let ms = 0;
    let firstProgressMs: number | undefined;
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (firstProgressMs === undefined && stderr.includes('synthesis: '))
        firstProgressMs = performance.now() - started;
    });
    proc.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!ms && /manage users with|made no accounts/.test(stdout)) {
        ms = performance.now() - started;
        proc.kill('SIGTERM');
      }
    });
    proc.on('exit', () => {
      if (!ms) return reject(new Error(`the backend did not start:\n${stderr.slice(-3000)}`));
      const line = /started in (.*)$/m.exec(stderr)?.[1] ?? '';
      const steps = Object.fromEntries(
        [...line.matchAll(/([a-z][a-z ]*?) (\d+) ms/g)].map((m) => [m[1]!, Number(m[2])] as [string, number]),
      );
      resolve({ ms, steps, firstProgressMs, progressLines: (stderr.match(/synthesis: /g) ?? []).length });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function describe(label: string, runs: Start[]): void {
  const ms = median(runs.map((r) => r.ms));
  const typical = runs.find((r) => r.ms === ms)!;
  const inSteps = Object.values(typical.steps).reduce((a, b) => a + b, 0);
  const steps = Object.entries(typical.steps)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(', ');
  console.log(`${label}: ${seconds(ms)} (median of ${runs.length}; runs ${runs.map((r) => seconds(r.ms)).join(', ')})`);
  console.log(`    where it goes: Node + loading modules ${Math.round(ms - inSteps)} ms, then ${steps}`);
}

const root = mkdtempSync(join(tmpdir(), 'local-backend-startup-bench-'));
const fixtureRoot = join(REPO, 'node_modules', '.cache', `local-backend-startup-bench-${process.pid}`);
try {
  // Unchanged amplify/: one start fills the caches, later ones are what a repeated `npm start` gets.
  const existing = join(root, 'existing');
  await startOnce(existing);
  const later: Start[] = [];
  for (let i = 0; i < 5; i++) later.push(await startOnce(existing));
  describe('start-up, unchanged amplify/, existing data directory', later);
  const ms = median(later.map((r) => r.ms));
  console.log(`    goal <= ${seconds(GOAL_MS)}: ${ms <= GOAL_MS ? 'met' : 'NOT met'}`);

  const fresh: Start[] = [];
  for (let i = 0; i < 3; i++) fresh.push(await startOnce(join(root, `fresh-${i}`)));
  describe('start-up, unchanged amplify/, new data directory (keys made, not seeded)', fresh);

  // A changed copy of amplify/ (inside the repository, so its imports resolve), never cached before.
  const fixture = join(fixtureRoot, 'amplify');
  mkdirSync(fixture, { recursive: true });
  cpSync(join(REPO, 'amplify'), fixture, {
    recursive: true,
    filter: (src) => !src.includes('node_modules'),
  });
  const resource = join(fixture, 'data', 'resource.ts');
  const text = readFileSync(resource, 'utf8');
  const changed = text.replace(
    'coverArtPath: a.string(),',
    `coverArtPath: a.string(),\n      benchRun${Date.now()}: a.string(),`,
  );
  if (changed === text) throw new Error('could not change the copy of amplify/data/resource.ts');
  writeFileSync(resource, changed);
  const afterChange = await startOnce(join(root, 'changed'), {
    LOCAL_BACKEND_AMPLIFY_DIR: fixture,
    LOCAL_BACKEND_CACHE_DIR: join(root, 'changed-cache'),
  });
  describe('start-up after a change to amplify/data/resource.ts (synthesis)', [afterChange]);
  console.log(
    `    progress: first line after ${seconds(afterChange.firstProgressMs ?? NaN)}, ${afterChange.progressLines} lines in all`,
  );
  console.log('    (2 shared cores, other work running: figures vary from run to run)');
} finally {
  rmSync(root, { recursive: true, force: true });
  rmSync(fixtureRoot, { recursive: true, force: true });
}

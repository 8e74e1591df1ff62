import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { definitionsHash } from './data/schema-loader.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Processes whose command line mentions `needle` (the synthesis child names its output file). */
function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('start-up', () => {
  test('SIGTERM during a first synthesis: the child is killed, nothing half-written is left, exit 0', async () => {
    const root = mkdtempSync(join(tmpdir(), 'local-backend-stop-'));
    const dataDir = join(root, 'data');
    const cacheDir = join(root, 'cache');
    const tmp = join(root, 'tmp');
    mkdirSync(tmp);
    try {
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', MAIN, '--port', '0', '--data-dir', dataDir, '--outputs', '', '--no-seed'],
        {
          cwd: REPO,
          // An empty shared cache forces a synthesis; TMPDIR is where its output file goes.
          env: { ...process.env, LOCAL_BACKEND_CACHE_DIR: cacheDir, TMPDIR: tmp, LOCAL_BACKEND_LOG_LEVEL: 'info' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      proc.stdout.resume();
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        proc.on('exit', (code, signal) => resolve({ code, signal })),
      );
      // Progress is printed while the synthesis runs; stop once the child is at work.
      const until = Date.now() + 60_000;
      while (!/synthesis: loading the backend definition/.test(stderr)) {
        assert.ok(Date.now() < until, `no synthesis progress was printed:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(processesMentioning(tmp).length > 0, 'the synthesis child runs');
      await new Promise((r) => setTimeout(r, 500));
      proc.kill('SIGTERM');
      const { code, signal } = await exited;

      assert.deepEqual({ code, signal }, { code: 0, signal: null }, stderr);
      assert.doesNotMatch(stderr, /TypeError|Cannot read|Unhandled/);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(processesMentioning(tmp), [], 'no synthesis child is left running');
      assert.deepEqual(
        readdirSync(tmp).filter((f) => f.startsWith('local-backend-synth-')),
        [],
        'no synthesis output is left',
      );
      const cached = (() => {
        try {
          return readdirSync(cacheDir);
        } catch {
          return [];
        }
      })();
      assert.deepEqual(cached, [], 'no cache file, whole or partial');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the definitions cache key changes with any file of amplify/, and only then', () => {
    const copy = mkdtempSync(join(tmpdir(), 'local-backend-key-'));
    try {
      cpSync(join(REPO, 'amplify'), copy, {
        recursive: true,
        filter: (src) => !src.includes('node_modules'),
      });
      const original = definitionsHash(copy);
      assert.equal(definitionsHash(copy), original, 'stable');
      assert.equal(definitionsHash(join(REPO, 'amplify')), original, 'the copy hashes as the real folder');

      const resource = join(copy, 'data', 'resource.ts');
      const text = readFileSync(resource, 'utf8');
      writeFileSync(
        resource,
        text.replace('coverArtPath: a.string(),', 'coverArtPath: a.string(), plays: a.integer(),'),
      );
      assert.notEqual(definitionsHash(copy), original, 'a change to data/resource.ts');
      writeFileSync(resource, text);
      assert.equal(definitionsHash(copy), original, 'back as it was');

      mkdirSync(join(copy, 'functions', '.hidden'), { recursive: true });
      writeFileSync(join(copy, 'functions', '.hidden', 'handler.ts'), 'export {};\n');
      assert.notEqual(definitionsHash(copy), original, 'a new file, even in a dot-folder');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

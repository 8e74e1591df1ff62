import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Gen 2 project the local backend serves: a folder whose `amplify/` holds `backend.ts` and
 * the resources it names (this repository by default, `--project <dir>` for any other).
 */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
export const REPO_AMPLIFY_DIR = join(REPO_ROOT, 'amplify');

/** Refuses, with what to do instead, a folder that is not a Gen 2 project's root. */
export function checkProject(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`--project ${dir}: there is no such folder.`);
  }
  if (!existsSync(join(root, 'amplify', 'backend.ts'))) {
    const hint = existsSync(join(root, 'backend.ts'))
      ? ` It looks like the amplify/ folder itself: pass its parent, ${resolve(root, '..')}.`
      : ' Pass the folder where `npx ampx sandbox` runs, the one that holds amplify/backend.ts.';
    throw new Error(`--project ${dir}: ${join(root, 'amplify', 'backend.ts')} does not exist.${hint}`);
  }
  return root;
}

/**
 * Each project keeps its state apart: this repository in `.local-backend/` as always, any other
 * in `.local-backend/projects/<folder name>-<hash of its path>/` (two folders of the same name
 * never share one).
 */
export function defaultDataDir(projectRoot: string): string {
  if (resolve(projectRoot) === REPO_ROOT) return resolve('.local-backend');
  const tag = createHash('sha256').update(resolve(projectRoot)).digest('hex').slice(0, 8);
  return resolve('.local-backend', 'projects', `${basename(projectRoot)}-${tag}`);
}

let servedAmplifyDir = REPO_AMPLIFY_DIR;

/** Which amplify/ the definitions below are read from, from now on in this process. */
export function serveAmplifyDir(dir: string): void {
  servedAmplifyDir = dir;
}

export function servedAmplify(): string {
  return servedAmplifyDir;
}

const requireHere = createRequire(import.meta.url);

/**
 * The definition exported by `amplify/<category>/resource.ts` (defineAuth, defineStorage), the
 * Gen 2 layout, loaded synchronously; undefined when the project has no such file. In the running
 * backend the props hook makes it a record of its props (props-hook.ts).
 */
export function resourceDefinition(
  category: 'auth' | 'storage',
  amplifyDir: string = servedAmplifyDir,
): { file: string; definition: unknown } | undefined {
  const file = join(amplifyDir, category, 'resource.ts');
  if (!existsSync(file)) return undefined;
  const exports = requireHere(file) as Record<string, unknown>;
  const definition = exports[category] ?? Object.values(exports).find((v) => typeof v === 'object' && v !== null);
  if (definition === undefined) {
    throw new Error(
      `${relative(process.cwd(), file) || file} exports no ${category} definition (define${category === 'auth' ? 'Auth' : 'Storage'}).`,
    );
  }
  return { file, definition };
}

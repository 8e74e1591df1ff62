import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOCAL_URL = new URL('./', import.meta.url).href;
const REPO_PACKAGE_URL = new URL('../package.json', import.meta.url).href;
const STAND_IN_URL = new URL('./definition-props.ts', import.meta.url).href;

const isProjectAmplifyDir = new Map<string, boolean>();

/**
 * Whether a file lies in a Gen 2 project's amplify/ folder (one holding backend.ts, of any project
 * at any depth), not in a package that happens to have a folder of that name.
 */
function inAmplifyFolder(parentURL: string | undefined): boolean {
  if (!parentURL?.startsWith('file:') || parentURL.startsWith(LOCAL_URL)) return false;
  for (let dir = dirname(fileURLToPath(parentURL)); dir !== dirname(dir); dir = dirname(dir)) {
    if (!dir.endsWith('amplify')) continue;
    let known = isProjectAmplifyDir.get(dir);
    if (known === undefined) isProjectAmplifyDir.set(dir, (known = existsSync(join(dir, 'backend.ts'))));
    if (known) return true;
  }
  return false;
}

/** Whether `@aws-amplify/backend`, imported from a file of a project's amplify/ (not the local backend's own), is resolved to the stand-in. */
export function usesStandIn(specifier: string, parentURL: string | undefined): boolean {
  return specifier === '@aws-amplify/backend' && inAmplifyFolder(parentURL);
}

/** A package name, not a path, URL or built-in. */
function isBare(specifier: string): boolean {
  return !/^(\.{0,2}\/|[a-z]+:)/i.test(specifier);
}

type Resolve = Parameters<NonNullable<Parameters<typeof nodeModule.registerHooks>[0]['resolve']>>;

/**
 * A project needs no node_modules of its own: a package its files import that Node cannot find
 * from where they are is resolved from this repository's node_modules (the Amplify packages, the
 * AWS SDK, aws-amplify). A project that has its own copy keeps using it.
 */
function resolveFromRepo(specifier: string, context: Resolve[1], nextResolve: Resolve[2]) {
  try {
    return nextResolve(specifier, context);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw err;
    return nextResolve(specifier, { ...context, parentURL: REPO_PACKAGE_URL });
  }
}

/** From now on in this process, packages a project cannot find itself come from this repository. */
export function resolveProjectPackagesFromRepo(): void {
  if (typeof nodeModule.registerHooks !== 'function') return;
  nodeModule.registerHooks({ resolve: (specifier, context, next) => resolveFromRepo(specifier, context, next) });
}

/**
 * From now on in this process, the imports of `@aws-amplify/backend` by a project's amplify/ files
 * get the props recorder of definition-props.ts (and packages a project lacks come from this
 * repository). Call before anything imports a project's auth or storage resource; `standIns` adds
 * more packages to replace for amplify/ files (the seed runner's `@aws-amplify/seed`).
 */
export function readDefinitionsAsProps(standIns: Record<string, string> = {}): void {
  // Node before 22.15 has no synchronous hooks: the real package is loaded then, only slower.
  if (typeof nodeModule.registerHooks !== 'function') return;
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (usesStandIn(specifier, context.parentURL)) return { url: STAND_IN_URL, shortCircuit: true };
      const standIn = standIns[specifier];
      if (standIn && inAmplifyFolder(context.parentURL)) return { url: standIn, shortCircuit: true };
      return resolveFromRepo(specifier, context, nextResolve);
    },
  });
}

// `npm ci` runs under the machine's Node 20, but most of the tree only ever runs under the
// project's Node 24 (scripts/node24.mjs). npm checks each package's "engines" against the Node
// running npm and prints an EBADENGINE warning for every one that wants a newer Node: screens of
// them, which a newcomer reads as errors. npm ci takes "engines" from package-lock.json, so this
// drops it there for exactly those packages and keeps it where it still says something:
// - a package that does not accept the project's Node stays and is reported (a real problem);
// - a package that runs during the install itself (an install script, or patch-package) keeps
//   its range, so npm still warns if the Node running npm is too old for it.
// `node scripts/lockfile-engines.mjs` reports; `--write` updates package-lock.json. The scripts
// test fails while the lockfile would warn, so a dependency update that brings the warnings back
// says what to run.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALL_NODE_FLOOR, NODE_VERSION } from './node-version.mjs';

const require = createRequire(import.meta.url);
const semver = require('semver');
const LOCKFILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
const RUN_AT_INSTALL = new Set(['node_modules/patch-package']);

/** What the lockfile's engine ranges mean for the project: what would warn, what is wrong. */
export function auditEngines(lock) {
  const quiet = [];
  const wrong = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const range = entry.engines?.node;
    if (!path || typeof range !== 'string') continue;
    if (!semver.satisfies(NODE_VERSION, range, { includePrerelease: true })) {
      wrong.push(`${path} wants Node ${range}, the project runs ${NODE_VERSION}`);
    } else if (!semver.satisfies(INSTALL_NODE_FLOOR, range) && !entry.hasInstallScript && !RUN_AT_INSTALL.has(path)) {
      quiet.push(path);
    }
  }
  return { quiet, wrong };
}

/** The lockfile without the node ranges that only the installing Node would trip over. */
export function quietened(lock) {
  const { quiet } = auditEngines(lock);
  const packages = { ...lock.packages };
  for (const path of quiet) {
    const { engines, ...rest } = packages[path];
    const { node: _node, ...others } = engines;
    packages[path] = Object.keys(others).length ? { ...rest, engines: others } : rest;
  }
  return { ...lock, packages };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lock = JSON.parse(readFileSync(LOCKFILE, 'utf8'));
  const { quiet, wrong } = auditEngines(lock);
  for (const line of wrong) console.error(`engines: ${line}`);
  if (process.argv.includes('--write')) {
    writeFileSync(LOCKFILE, JSON.stringify(quietened(lock), null, 2) + '\n');
    console.log(
      `engines: ${quiet.length} ranges only Node ${NODE_VERSION} needs to meet dropped from package-lock.json`,
    );
  } else {
    console.log(`engines: ${quiet.length} packages would make npm ci under Node 20 warn`);
  }
  process.exit(wrong.length ? 1 : 0);
}

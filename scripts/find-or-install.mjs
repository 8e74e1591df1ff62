// What a test step needs from the machine (a browser, the AWS CLI): found where it usually is, or,
// when we are root on Debian/Ubuntu, installed with apt; otherwise a stop with a message that says
// how to get it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * @param {{ tag: string, what: string, find: () => string | undefined, aptPackage: string,
 *   install?: boolean, howToGet: string[] }} need
 * @returns {string} the path `find` answers with
 */
export function findOrInstall({ tag, what, find, aptPackage, install = true, howToGet }) {
  let path = find();
  if (path) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && existsSync('/usr/bin/apt-get')) {
    console.error(`[${tag}] No ${what} found; installing Debian's ${aptPackage} with apt-get …`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const res = spawnSync('apt-get', ['install', '-y', '-qq', aptPackage], { stdio: 'inherit', env });
    path = find();
    if (res.status === 0 && path) return path;
  }
  console.error(howToGet.join('\n'));
  process.exit(1);
}

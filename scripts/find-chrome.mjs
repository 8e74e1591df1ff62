// Finds a Chrome/Chromium for the browser tests: CHROME_BIN, then the usual paths. When none is
// found and we are root on Debian/Ubuntu, installs Debian's `chromium` with apt; otherwise stops
// with a message that says how to get one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function found() {
  const fromEnv = process.env.CHROME_BIN;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((p) => existsSync(p));
}

export function findChrome({ install = true } = {}) {
  let chrome = found();
  if (chrome) return chrome;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && existsSync('/usr/bin/apt-get')) {
    console.error("[chrome] No Chrome/Chromium found; installing Debian's chromium with apt-get …");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const res = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    chrome = found();
    if (res.status === 0 && chrome) return chrome;
  }
  console.error(
    [
      'No Chrome or Chromium was found for the browser tests.',
      'Install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome),',
      'or point CHROME_BIN at its binary, then run the command again.',
    ].join('\n'),
  );
  process.exit(1);
}

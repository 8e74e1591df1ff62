// Finds a Chrome/Chromium for the browser tests: CHROME_BIN, then the usual paths. When none is
// found and we are root on Debian/Ubuntu, installs Debian's `chromium` with apt; otherwise stops
// with a message that says how to get one.
import { existsSync } from 'node:fs';
import { findOrInstall } from './find-or-install.mjs';

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
  return findOrInstall({
    tag: 'chrome',
    what: 'Chrome/Chromium',
    find: found,
    aptPackage: 'chromium',
    install,
    howToGet: [
      'No Chrome or Chromium was found for the browser tests.',
      'Install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome),',
      'or point CHROME_BIN at its binary, then run the command again.',
    ],
  });
}

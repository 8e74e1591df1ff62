// Finds AWS CLI v2 for the backend tests that drive the local backend with it: AWS_CLI, then the
// usual paths (not whatever `aws` is first on PATH, which may be a v1 from pip or pyenv). When none
// is found and we are root on Debian/Ubuntu, installs Debian's `awscli` with apt; otherwise stops
// with a message that says how to get one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findOrInstall } from './find-or-install.mjs';

const CANDIDATES = [
  '/usr/bin/aws',
  '/usr/local/bin/aws',
  '/opt/homebrew/bin/aws',
  '/usr/local/aws-cli/v2/current/bin/aws',
];

/** True when `bin --version` says aws-cli/2.x. */
function isV2(bin) {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return res.status === 0 && /^aws-cli\/2\./.test(`${res.stdout}${res.stderr}`.trim());
}

function found() {
  const fromEnv = process.env.AWS_CLI;
  if (fromEnv && existsSync(fromEnv) && isV2(fromEnv)) return fromEnv;
  return CANDIDATES.find((p) => existsSync(p) && isV2(p));
}

export function findAwsCli({ install = true } = {}) {
  return findOrInstall({
    tag: 'aws-cli',
    what: 'AWS CLI v2',
    find: found,
    aptPackage: 'awscli',
    install,
    howToGet: [
      'No AWS CLI v2 was found for the backend tests (local-backend/aws-cli/).',
      "Install it (Debian 12+/Ubuntu: `sudo apt-get install awscli`; elsewhere: AWS's installer,",
      'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html),',
      'or point AWS_CLI at its binary, then run the command again.',
    ],
  });
}

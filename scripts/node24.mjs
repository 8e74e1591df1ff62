#!/usr/bin/env node
// Runs a command under a Node that Angular 22 accepts (^22.22.3 || >=24.15).
// Machines here ship Node 20, so when the running node is too old this fetches the official
// Node binary from the npm registry (package node-<platform>-<arch>) into .tools/ once and puts
// it first on PATH for the command. Must itself run on Node 20: plain JS, no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_VERSION } from './node-version.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function acceptable(version) {
  const [major, minor, patch] = version.split('.').map(Number);
  if (major === 22) return minor > 22 || (minor === 22 && patch >= 3);
  if (major === 24) return minor >= 15;
  return major > 24;
}

function npmGlobalConfig() {
  if (process.env.npm_config_globalconfig) return process.env.npm_config_globalconfig;
  const out = spawnSync('npm', ['config', 'get', 'globalconfig'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

function ensureNode() {
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.tools', 'node');
  const home = join(prefix, 'node_modules', pkg);
  const bin = join(home, 'bin');
  if (!existsSync(join(bin, 'node'))) {
    mkdirSync(prefix, { recursive: true });
    console.error(
      `[node24] Node ${process.versions.node} is too old for Angular 22; fetching ${pkg}@${NODE_VERSION} from the npm registry into .tools/node …`,
    );
    const res = spawnSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        `${pkg}@${NODE_VERSION}`,
      ],
      { stdio: 'inherit' },
    );
    if (res.status !== 0 || !existsSync(join(bin, 'node'))) {
      console.error(
        `[node24] Could not install ${pkg}@${NODE_VERSION}. Install Node ${NODE_VERSION} (or any ^22.22.3 || >=24.15) yourself and put it first on PATH.`,
      );
      process.exit(1);
    }
  }
  return { bin, home };
}

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/node24.mjs <command> [args...]');
  process.exit(2);
}

const env = { ...process.env };
const localBin = join(root, 'node_modules', '.bin');
let pathHead = [localBin];
if (!acceptable(process.versions.node)) {
  const globalconfig = npmGlobalConfig();
  const { bin, home } = ensureNode();
  pathHead = [bin, localBin];
  if (globalconfig) env.npm_config_globalconfig = globalconfig;
  env.npm_config_nodedir = home;
}
env.PATH = [...pathHead, env.PATH].join(process.platform === 'win32' ? ';' : ':');

const child = spawn(cmd, args, { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
child.on('error', (err) => {
  console.error(`[node24] cannot run ${cmd}: ${err.message}`);
  process.exit(127);
});

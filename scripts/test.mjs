// `npm test`: every check the project has, in one run. Runs under Node 24 (scripts/node24.mjs).
// Steps run in order; a failing step does not hide the others. The last line sums up the tests.
import { spawn } from 'node:child_process';
import { existsSync, globSync } from 'node:fs';
import { findAwsCli } from './find-aws-cli.mjs';
import { findChrome } from './find-chrome.mjs';

const only = process.argv.slice(2);

const steps = [
  { name: 'format', cmd: ['prettier', '--check', '--log-level', 'warn', '.'] },
  { name: 'lint', cmd: ['ng', 'lint'] },
  { name: 'scripts', cmd: ['node', '--test', 'scripts/*.test.mjs'], counts: nodeTestCounts },
  { name: 'typecheck-amplify', cmd: ['tsc', '-p', 'amplify/tsconfig.json'] },
  { name: 'typecheck-examples', cmd: ['tsc', '-p', 'examples/storefront/amplify/tsconfig.json'] },
  { name: 'typecheck-local-backend', cmd: ['tsc', '-p', 'local-backend/tsconfig.json'] },
  { name: 'typecheck-integration', cmd: ['tsc', '-p', 'integration/tsconfig.json'] },
  { name: 'unit', cmd: ['ng', 'test', '--watch=false'], chrome: true, counts: karmaCounts },
  {
    name: 'backend',
    cmd: ['node', '--import', 'tsx', '--test', '--test-concurrency=1', 'local-backend/**/*.test.ts'],
    chrome: true,
    // local-backend/aws-cli/ drives the backend with AWS CLI v2.
    awsCli: true,
    counts: nodeTestCounts,
  },
  {
    // The app's services with the real aws-amplify client against the local backend.
    name: 'integration',
    cmd: ['node', '--import', 'tsx', '--test', '--test-concurrency=1', 'integration/**/*.test.ts'],
    counts: nodeTestCounts,
  },
  { name: 'build', cmd: ['ng', 'build'] },
  {
    name: 'e2e',
    cmd: ['node', '--import', 'tsx', '--test', '--test-concurrency=1', 'e2e/**/*.e2e.ts'],
    chrome: true,
    counts: nodeTestCounts,
    optional: true,
  },
];

function karmaCounts(output) {
  // "Executed 42 of 42 SUCCESS" / "Executed 42 of 42 (2 FAILED)" — take the last report.
  const runs = [...output.matchAll(/Executed (\d+) of (\d+)(?: \((\d+) FAILED\))?/g)];
  const last = runs.at(-1);
  if (!last) return undefined;
  const failed = Number(last[3] ?? 0);
  return { passed: Number(last[1]) - failed, failed };
}

function nodeTestCounts(output) {
  const pass = [...output.matchAll(/^ℹ pass (\d+)/gm)].at(-1);
  const fail = [...output.matchAll(/^ℹ fail (\d+)/gm)].at(-1);
  if (!pass && !fail) return undefined;
  return { passed: Number(pass?.[1] ?? 0), failed: Number(fail?.[1] ?? 0) };
}

function run(step, env) {
  return new Promise((resolve) => {
    const [cmd, ...args] = step.cmd;
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    child.on('error', (err) => resolve({ code: 127, output: output + String(err) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const env = { ...process.env, FORCE_COLOR: '0', NG_CLI_ANALYTICS: 'false' };
if (steps.some((s) => s.chrome && (only.length === 0 || only.includes(s.name)))) {
  env.CHROME_BIN = findChrome();
}
if (steps.some((s) => s.awsCli && (only.length === 0 || only.includes(s.name)))) {
  env.AWS_CLI = findAwsCli();
}

const results = [];
const tests = { passed: 0, failed: 0 };
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  if (step.optional && step.name === 'e2e' && (!existsSync('e2e') || globSync('e2e/**/*.e2e.ts').length === 0))
    continue;
  console.log(`\n━━━ ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const { code, output } = await run(step, env);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = step.counts?.(output);
  if (counts) {
    tests.passed += counts.passed;
    tests.failed += counts.failed;
  }
  const ok = code === 0 && (!step.counts || (counts !== undefined && counts.failed === 0 && counts.passed > 0));
  results.push({ name: step.name, ok, seconds, counts });
}

console.log('\n━━━ summary');
for (const r of results) {
  const counts = r.counts ? ` (${r.counts.passed} passed, ${r.counts.failed} failed)` : '';
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(Math.max(...results.map((s) => s.name.length)))} ${r.seconds.padStart(6)}s${counts}`,
  );
}
const failedSteps = results.filter((r) => !r.ok);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.map((r) => r.name).join(', ')}`);
console.log(`${tests.passed} passed, ${tests.failed} failed`);
process.exit(failedSteps.length ? 1 : 0);

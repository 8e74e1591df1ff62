// Runs every benchmark (*.bench.ts under amplify/, e2e/ and integration/, *.bench.mjs under scripts/) one after another;
// each prints its own figures.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const files = [
  ...globSync('local-backend/**/*.bench.ts').sort(),
  ...globSync('scripts/*.bench.mjs').sort(),
  ...globSync('e2e/*.bench.ts').sort(),
  ...globSync('integration/*.bench.ts').sort(),
];
if (files.length === 0) {
  console.log('No benchmarks found.');
  process.exit(0);
}
let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', file, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

// First load of the console: builds for production into a temporary folder and prints what a
// browser fetches before the first page shows (see first-load.mjs). Goal: initial JS ≤ 150 kB gzip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INITIAL_JS_GZIP_LIMIT, kB, measureFirstLoad } from './first-load.mjs';

const out = mkdtempSync(join(tmpdir(), 'first-load-'));
try {
  const build = spawnSync('ng', ['build', '--output-path', out], {
    encoding: 'utf8',
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
  });
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr);
    process.exit(1);
  }
  const m = measureFirstLoad(join(out, 'browser'));
  const row = (label, s, note = '') =>
    console.log(`${label.padEnd(34)} ${kB(s.raw).padStart(10)} raw ${kB(s.gzip).padStart(10)} gzip  ${note}`);
  row('initial JS', m.initialJs, `${m.initialJs.files.length} files; goal ≤ ${kB(INITIAL_JS_GZIP_LIMIT)} gzip`);
  row('initial CSS', m.css);
  row('index.html', m.indexHtml);
  row('icon font (Material Symbols subset)', m.iconFont);
  row('text fonts a Latin page loads', m.textFontsLatin, `${m.textFontsLatin.files.length} Roboto woff2`);
  row('all font files in the build', m.allFonts, `${m.allFonts.files.length} files, fetched only when used`);
  row('lazy JS (all chunks)', m.lazyJs, `${m.lazyJs.files.length} files`);
  console.log(`amplify_outputs.json in the build: ${m.outputsFile ? 'YES (should not be)' : 'no'}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}

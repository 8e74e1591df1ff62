/**
 * Child process for tests: synthesizes a backend definition offline, as `ampx sandbox` would, and
 * copies the CloudFormation templates to argv[3] as one JSON object (file name → template).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [backendFile, outFile] = process.argv.slice(2);
if (!backendFile || !outFile) throw new Error('usage: synth-templates.ts <amplify/backend.ts> <out.json>');

const outDir = mkdtempSync(join(dirname(outFile), 'cdk.out-'));
process.env['CDK_OUTDIR'] = outDir;
process.env['CDK_CONTEXT_JSON'] = JSON.stringify({
  'amplify-backend-namespace': 'local',
  'amplify-backend-name': 'sandbox',
  'amplify-backend-type': 'sandbox',
});
try {
  await import(pathToFileURL(backendFile).href);
  process.emit('message' as never, 'amplifySynth' as never);
  const templates: Record<string, unknown> = {};
  for (const e of readdirSync(outDir).filter((n) => n.endsWith('.template.json'))) {
    templates[e] = JSON.parse(readFileSync(join(outDir, e), 'utf8'));
  }
  writeFileSync(outFile, JSON.stringify(templates));
} finally {
  if (!process.env['KEEP_CDK_OUT']) rmSync(outDir, { recursive: true, force: true });
  else process.stderr.write(`cdk.out kept at ${outDir}\n`);
}
process.exit(0);

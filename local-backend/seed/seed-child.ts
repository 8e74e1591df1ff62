/**
 * Runs a project's amplify/seed/seed.ts in a process of its own, as `npx ampx sandbox seed` does
 * (the working directory is the project, AMPLIFY_BACKEND_IDENTIFIER names the sandbox, the AWS
 * SDK finds the Cognito endpoint and the seed role's credentials in the environment), against
 * the local backend: `@aws-amplify/seed` is the stand-in beside this file, and the script's
 * `Amplify.configure(outputs)` reaches the local endpoints that outputs' `custom` section names;
 * the Storage client's requests, which go to port 20005 only, reach the backend on its own port.
 */
import { pathToFileURL } from 'node:url';
import { readDefinitionsAsProps } from '../props-hook.ts';
import { forwardStorageClientTo } from './storage-forward.ts';

const [seedFile] = process.argv.slice(2);
if (!seedFile) throw new Error('usage: seed-child.ts <amplify/seed/seed.ts>');

// The parent keeps stdin open while it lives: when it goes, so does this seed.
process.stdin.on('end', () => process.exit(1));
process.stdin.on('error', () => process.exit(1));
process.stdin.resume();

readDefinitionsAsProps({ '@aws-amplify/seed': new URL('./amplify-seed.ts', import.meta.url).href });
const baseUrl = process.env['LOCAL_BACKEND_SEED_BASE_URL'];
if (baseUrl) forwardStorageClientTo(baseUrl);
const { Amplify } = await import('aws-amplify');
const { toResourcesConfig } = await import('../../src/app/core/config/resources-config.ts');

type Configure = typeof Amplify.configure;
const configure: Configure = Amplify.configure.bind(Amplify);
Amplify.configure = ((config, options) => {
  const custom = (config as { custom?: { localBackend?: boolean } }).custom;
  return configure(custom?.localBackend ? toResourcesConfig(config as Record<string, unknown>) : config, options);
}) as Configure;

try {
  await import(pathToFileURL(seedFile).href);
  process.exit(0);
} catch (err) {
  console.error((err as Error).stack ?? String(err));
  const resolution = (err as { resolution?: string }).resolution;
  if (resolution) console.error(`Resolution: ${resolution}`);
  process.exit(1);
}

/**
 * Runs in a child process (synthesis leaves global CDK state behind): synthesizes amplify/backend.ts
 * as `ampx sandbox` would, offline, and writes what the local Data API needs as JSON to argv[2].
 */
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateModels } from '@aws-amplify/graphql-generator';
import { extractFunctions } from './function-definitions.ts';
import { extractBuckets, type Template } from '../storage/bucket-template.ts';

interface Props {
  Expires?: number;
  PreventUserExistenceErrors?: string;
  AuthenticationType?: string;
  AdditionalAuthenticationProviders?: { AuthenticationType: string }[];
  AdminCreateUserConfig?: { AllowAdminCreateUserOnly?: boolean };
}

const [backendFile, outFile] = process.argv.slice(2);
if (!backendFile || !outFile) throw new Error('usage: synth-child.ts <amplify/backend.ts> <out.json>');

// The parent keeps stdin open while it lives: when it goes, so does this synthesis.
process.stdin.on('end', () => process.exit(1));
process.stdin.on('error', () => process.exit(1));
process.stdin.resume();
const progress = (step: string) => process.stdout.write(`progress: ${step}\n`);

// The parent removes the folder of outFile afterwards, whatever happens here.
const outDir = mkdtempSync(join(dirname(outFile), 'cdk.out-'));
process.env['CDK_OUTDIR'] = outDir;
process.env['CDK_CONTEXT_JSON'] = JSON.stringify({
  'amplify-backend-namespace': 'local',
  'amplify-backend-name': 'sandbox',
  'amplify-backend-type': 'sandbox',
});

try {
  progress('loading the backend definition (amplify/backend.ts and aws-cdk-lib)');
  await import(pathToFileURL(backendFile).href);
  progress('synthesizing the CDK app');
  // @aws-amplify/backend synthesizes when the deployer sends it this message.
  process.emit('message' as never, 'amplifySynth' as never);

  const entries = readdirSync(outDir);
  const file = (name: string) => readFileSync(join(outDir, name), 'utf8');
  const inAssetDir = (fileName: string) => {
    for (const e of entries) {
      if (e.startsWith('asset.') && statSync(join(outDir, e)).isDirectory()) {
        if (readdirSync(join(outDir, e)).includes(fileName)) return file(join(e, fileName));
      }
    }
    throw new Error(`synthesis produced no ${fileName}`);
  };
  const appsyncSchema = entries
    .filter((e) => e.startsWith('asset.') && e.endsWith('.graphql'))
    .map(file)
    .find((sdl) => /^type Query\b/m.test(sdl));
  if (!appsyncSchema) throw new Error('synthesis produced no AppSync schema');
  const modelSchema = inAssetDir('model-schema.graphql');

  progress('generating the model introspection');
  // The same call ampx makes for amplify_outputs.json's data.model_introspection.
  const generated = await generateModels({ schema: modelSchema, target: 'introspection' });
  const files = Object.values(generated);
  if (files.length !== 1) throw new Error(`expected one model introspection file, got ${files.length}`);
  const modelIntrospection = JSON.parse(files[0]!);

  let apiKeyExpiresInDays: number | null = null;
  let authorizationModes: { defaultMode: string; additionalModes: string[] } | undefined;
  let preventUserExistenceErrors = false;
  let adminCreateUserOnly = false;
  const allResources: [string, { Type: string; Properties?: Record<string, unknown> }][] = [];
  const outputs = new Map<string, unknown>();
  for (const e of entries.filter((n) => n.endsWith('.template.json'))) {
    const template = JSON.parse(file(e)) as { Resources?: object; Outputs?: Record<string, { Value?: unknown }> };
    for (const [name, o] of Object.entries(template.Outputs ?? {})) outputs.set(name, o.Value);
    const resources = (template.Resources ?? {}) as Record<string, { Type: string; Properties?: Props }>;
    allResources.push(...(Object.entries(resources) as typeof allResources));
    for (const r of Object.values(resources)) {
      if (r.Type === 'AWS::Cognito::UserPool') {
        adminCreateUserOnly = r.Properties?.AdminCreateUserConfig?.AllowAdminCreateUserOnly === true;
      }
      if (r.Type === 'AWS::AppSync::ApiKey' && typeof r.Properties?.Expires === 'number') {
        apiKeyExpiresInDays = Math.round((r.Properties.Expires * 1000 - Date.now()) / 86_400_000);
      }
      if (r.Type === 'AWS::Cognito::UserPoolClient') {
        preventUserExistenceErrors = r.Properties?.PreventUserExistenceErrors === 'ENABLED';
      }
      if (r.Type === 'AWS::AppSync::GraphQLApi' && r.Properties?.AuthenticationType) {
        authorizationModes = {
          defaultMode: r.Properties.AuthenticationType,
          additionalModes: (r.Properties.AdditionalAuthenticationProviders ?? []).map((p) => p.AuthenticationType),
        };
      }
    }
  }
  if (!authorizationModes) throw new Error('synthesis produced no AppSync API (AWS::AppSync::GraphQLApi)');
  const userPoolClient = { preventUserExistenceErrors, adminCreateUserOnly };
  progress('reading the functions that resolve custom operations');
  const { functions, customOperations, schedules, triggers } = extractFunctions(
    allResources,
    modelSchema,
    (hash, name) => file(join(`asset.${hash}`, name)),
    outputs,
  );
  // Written whole or not at all: the parent may be stopped at any moment.
  writeFileSync(
    `${outFile}.tmp`,
    JSON.stringify({
      appsyncSchema,
      modelSchema,
      modelIntrospection,
      apiKeyExpiresInDays,
      authorizationModes,
      userPoolClient,
      functions,
      customOperations,
      buckets: extractBuckets(
        entries.filter((n) => n.endsWith('.template.json')).map((e) => JSON.parse(file(e)) as Template),
      ),
      schedules,
      triggers,
    }),
  );
  renameSync(`${outFile}.tmp`, outFile);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
process.exit(0);

import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { REPO_ROOT } from '../project.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';

/*
 * A function's role calling the GraphQL API, as Gen 2 sets it up: `allow.resource(fn)` in the
 * schema's authorization gives the function the API's endpoint and the model introspection
 * schema's place (SSM variables), and its role `appsync:GraphQL` on the granted root types. The
 * functions below use the Amplify data client exactly as the Gen 2 docs show
 * (getAmplifyDataClientConfig, Amplify.configure, generateClient), in the function's own worker.
 * The project lives under the repository (its packages resolve from there) in git-ignored tmp/.
 */
const ROOT = join(REPO_ROOT, 'tmp', `api-role-fixture-${process.pid}`);

const HANDLER = (ops: string) => `
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { S3Client } from '@aws-sdk/client-s3';

const outcome = (r: { data?: unknown; errors?: { errorType?: string; message: string }[] }) =>
  r.errors?.length ? { error: r.errors[0]!.errorType ?? 'error', message: r.errors[0]!.message } : { data: r.data };
const caught = async (run: () => Promise<unknown>) => {
  try { return await run(); } catch (e) { return { threw: (e as Error).name + ': ' + (e as Error).message }; }
};

export const handler = async () => {
  // Path-style S3 on a local endpoint (the deployed function reaches AWS's S3 as usual).
  const s3 = new S3Client({ forcePathStyle: !!process.env['AWS_ENDPOINT_URL_S3'] });
  const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(process.env as never, s3);
  Amplify.configure(resourceConfig, libraryOptions);
  const client = generateClient<any>();
  const out: Record<string, unknown> = { endpoint: resourceConfig.API.GraphQL.endpoint, mode: resourceConfig.API.GraphQL.defaultAuthMode };
  ${ops}
  // For the forged-signature test: the role's key and token, not its secret.
  out['key'] = process.env['AWS_ACCESS_KEY_ID'];
  out['token'] = process.env['AWS_SESSION_TOKEN'];
  return out;
};
`;

const FILES: Record<string, string> = {
  'amplify/package.json': '{ "type": "module" }',
  'amplify/auth/resource.ts': `import { defineAuth } from '@aws-amplify/backend';
export const auth = defineAuth({ loginWith: { email: true }, groups: ['ADMINS'] });
`,
  'amplify/functions/reader/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const reader = defineFunction({ name: 'reader', entry: './handler.ts', resourceGroupName: 'data', schedule: 'every day', timeoutSeconds: 30 });
`,
  'amplify/functions/reader/handler.ts': HANDLER(`
  out['list'] = await caught(async () => outcome(await client.models.Note.list()));
  out['create'] = await caught(async () => outcome(await client.models.Note.create({ text: 'from reader' })));
  out['echo'] = await caught(async () => outcome(await client.queries.echo()));
  `),
  'amplify/functions/writer/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const writer = defineFunction({ name: 'writer', entry: './handler.ts', resourceGroupName: 'data', schedule: 'every day', timeoutSeconds: 30 });
`,
  'amplify/functions/writer/handler.ts': HANDLER(`
  const created = await caught(async () => outcome(await client.models.Note.create({ text: 'from writer', owner: 'someone' })));
  out['create'] = created;
  const id = (created as { data?: { id: string } }).data?.id ?? 'none';
  out['delete'] = await caught(async () => outcome(await client.models.Note.delete({ id })));
  out['list'] = await caught(async () => outcome(await client.models.Note.list()));
  out['echo'] = await caught(async () => outcome(await client.queries.echo()));
  `),
  'amplify/functions/echo/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const echo = defineFunction({ name: 'echo', entry: './handler.ts', resourceGroupName: 'data' });
`,
  'amplify/functions/echo/handler.ts': `export const handler = async (event: { identity: unknown }) => JSON.stringify(event.identity);
`,
  'amplify/data/resource.ts': `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { reader } from '../functions/reader/resource';
import { writer } from '../functions/writer/resource';
import { echo } from '../functions/echo/resource';
const schema = a
  .schema({
    Note: a
      .model({ text: a.string().required(), owner: a.string() })
      .authorization((allow) => [allow.owner().to(['create', 'read']), allow.groups(['ADMINS']).to(['read'])]),
    echo: a.query().returns(a.json()).authorization((allow) => [allow.groups(['ADMINS'])]).handler(a.handler.function(echo)),
  })
  .authorization((allow) => [allow.resource(reader).to(['query']), allow.resource(writer).to(['mutate'])]);
export type Schema = ClientSchema<typeof schema>;
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'userPool' } });
`,
  'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { reader } from './functions/reader/resource';
import { writer } from './functions/writer/resource';
const backend = defineBackend({ auth, data, reader, writer });
// The writer may create notes and nothing else: a Deny narrows what allow.resource granted.
backend.writer.resources.lambda.addToRolePolicy(
  new PolicyStatement({
    effect: Effect.DENY,
    actions: ['appsync:GraphQL'],
    notResources: [backend.data.resources.graphqlApi.arn + '/types/Mutation/fields/createNote'],
  }),
);
`,
};

let backend: TestBackend;

before(async () => {
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), text);
  }
  backend = await startTestBackend({ project: ROOT, seed: false });
});

after(async () => {
  await backend?.stop();
  rmSync(ROOT, { recursive: true, force: true });
});

const fire = async (fn: string) => {
  const [out] = await backend.schedules!.scheduler.fireNow(fn);
  return out as Record<string, unknown>;
};

test('allow.resource(fn).to(["query"]): the data client reads with the role; a mutation is Unauthorized', async () => {
  backend.data!.store.insert('Note', 'n1', {
    id: 'n1',
    text: 'planted',
    owner: 'a::a',
    __typename: 'Note',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  const out = await fire('reader');
  assert.equal(out['endpoint'], `${backend.baseUrl}/graphql`);
  assert.equal(out['mode'], 'iam');
  // Owner rules do not hold a role back: Gen 2 lets IAM principals that are not identity-pool identities through.
  assert.deepEqual(
    ((out['list'] as { data: { text: string }[] }).data ?? []).map((n) => n.text),
    ['planted'],
    JSON.stringify(out['list']),
  );
  assert.deepEqual(out['create'], {
    error: 'Unauthorized',
    message: 'Not Authorized to access createNote on type Mutation',
  });
  assert.deepEqual(
    backend.data!.store.page('Note', null, 100).map((n) => n.item['text']),
    ['planted'],
    'the refused create wrote nothing',
  );
  // A custom query for ADMINS: the role's Query/* statement lets it in, as Gen 2's IAM access does,
  // and the function sees AppSync's identity for a role session.
  const identity = JSON.parse(String((out['echo'] as { data?: unknown }).data)) as Record<string, unknown>;
  assert.match(String(identity['userArn']), /^arn:aws:sts::\d{12}:assumed-role\/reader-role\/reader$/);
  assert.equal(identity['cognitoIdentityPoolId'], null);
});

test('a Deny statement narrows allow.resource: createNote only; delete and list refused', async () => {
  const out = await fire('writer');
  const created = out['create'] as { data?: { text: string; owner: string } };
  assert.equal(created.data?.text, 'from writer', JSON.stringify(out['create']));
  assert.equal(created.data?.owner, 'someone', 'the owner field is what the role wrote');
  assert.deepEqual(out['delete'], {
    error: 'Unauthorized',
    message: 'Not Authorized to access deleteNote on type Mutation',
  });
  assert.equal((out['list'] as { error?: string }).error, 'Unauthorized');
  assert.deepEqual(out['echo'], { error: 'Unauthorized', message: 'Not Authorized to access echo on type Query' });
  assert.ok(
    backend.data!.store.page('Note', null, 100).some((n) => n.item['text'] === 'from writer'),
    'the note is still there after the refused delete',
  );
});

test("a request signed for the role's key with another secret is refused, and reads nothing", async () => {
  const out = await fire('reader');
  const signer = new SignatureV4({
    service: 'appsync',
    region: 'us-east-1',
    sha256: Sha256,
    credentials: {
      accessKeyId: String(out['key']),
      secretAccessKey: 'forged-secret-forged-secret-forged-secret',
      sessionToken: String(out['token']),
    },
  });
  const url = new URL(`${backend.baseUrl}/graphql`);
  const body = JSON.stringify({ query: '{ listNotes { items { text } } }' });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, 'content-type': 'application/json' },
    body,
  });
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body });
  const text = await res.text();
  assert.equal(res.status, 403, text);
  assert.equal(res.headers.get('x-amzn-errortype')?.split(':')[0], 'InvalidSignatureException', text);
  assert.doesNotMatch(text, /planted/);
});

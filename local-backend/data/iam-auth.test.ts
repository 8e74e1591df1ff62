import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { dataOutputs } from './testing.ts';

/*
 * AWS_IAM, which amplify_outputs.json advertises, served as AppSync serves it: SigV4-signed GraphQL
 * with identity-pool credentials, reaching only what rules naming the identity pool allow. The
 * backend serves a copy of amplify/ whose schema adds a model with such rules (the real
 * resource.ts has none, so there IAM callers are refused by the rules, not by the transport).
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE_ROOT = join(REPO, 'node_modules', '.cache', `local-backend-iam-fixture-${process.pid}`);
const FIXTURE = join(FIXTURE_ROOT, 'amplify');
const NOTICE_MODEL = `
  Notice: a
    .model({ text: a.string().required() })
    .authorization((allow) => [allow.guest().to(['read']), allow.authenticated('identityPool')]),`;

const [, OPERATOR] = DEMO_ACCOUNTS;
let backend: TestBackend;
// The schema's types are not known to TypeScript here (the model exists in the fixture only).
type AnyModel = {
  onCreate(): { subscribe(o: { next(v: { text: string }): void; error(e: unknown): void }): { unsubscribe(): void } };
  list(): Promise<{ data: { text: string }[] | null; errors?: { errorType: string; message: string }[] }>;
  create(input: { text: string }): Promise<{ data: { id: string } | null; errors?: { errorType: string }[] }>;
};
let iam: { models: Record<string, AnyModel> };

before(async () => {
  mkdirSync(FIXTURE, { recursive: true });
  cpSync(join(REPO, 'amplify'), FIXTURE, {
    recursive: true,
    filter: (src) => !src.includes('node_modules'),
  });
  const resource = join(FIXTURE, 'data', 'resource.ts');
  const text = readFileSync(resource, 'utf8');
  // The schema's opening, however it is formatted (`a.schema({` or `a\n  .schema({`).
  const opening = /const schema = a\s*\.schema\(\{/;
  assert.match(text, opening, 'amplify/data/resource.ts opens its schema as the fixture expects');
  writeFileSync(
    resource,
    text.replace(opening, (found) => found + NOTICE_MODEL),
  );
  process.env['LOCAL_BACKEND_AMPLIFY_DIR'] = FIXTURE;
  try {
    backend = await startTestBackend();
  } finally {
    delete process.env['LOCAL_BACKEND_AMPLIFY_DIR'];
  }
  Amplify.configure(toResourcesConfig(backend.outputs));
  iam = generateClient({ authMode: 'identityPool' }) as unknown as typeof iam;
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend?.stop();
  rmSync(FIXTURE_ROOT, { recursive: true, force: true });
});

/** A GraphQL POST signed with SigV4 for `appsync`, as AppSync clients sign it. */
async function signedPost(
  body: string,
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) {
  const url = new URL(dataOutputs(backend).url);
  const signer = new SignatureV4({ service: 'appsync', region: 'us-east-1', sha256: Sha256, credentials: creds });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { 'content-type': 'application/json', host: url.host },
    body,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers['host'];
  const res = await fetch(url, { method: 'POST', headers, body });
  return {
    status: res.status,
    errorType: res.headers.get('x-amzn-errortype'),
    json: (await res.json()) as { data?: Record<string, unknown>; errors?: { errorType: string; message: string }[] },
  };
}

describe('AWS_IAM through the real aws-amplify Data client (authMode identityPool)', () => {
  test('amplify_outputs.json still advertises AWS_IAM', () => {
    assert.ok((backend.outputs['data'] as { authorization_types: string[] }).authorization_types.includes('AWS_IAM'));
  });

  test('a guest reads what allow.guest() allows, and nothing more', async () => {
    const listed = await iam.models['Notice']!.list();
    assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
    assert.deepEqual(listed.data, []);
    const created = await iam.models['Notice']!.create({ text: 'from a guest' });
    assert.equal(created.errors?.[0]?.errorType, 'Unauthorized');
    // Song's rules name no identity-pool role: a signed guest request is served, then refused by them.
    const songs = await iam.models['Song']!.list();
    assert.equal(songs.errors?.[0]?.errorType, 'Unauthorized');
    assert.match(songs.errors![0]!.message, /Not Authorized to access listSongs on type Query/);
  });

  test('a signed-in identity (any group role) gets what allow.authenticated("identityPool") allows', async () => {
    await signIn({ username: OPERATOR!.email, password: OPERATOR!.password });
    try {
      const created = await iam.models['Notice']!.create({ text: 'from an operator' });
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      const listed = await iam.models['Notice']!.list();
      assert.deepEqual(
        listed.data?.map((n) => n.text),
        ['from an operator'],
      );
    } finally {
      await signOut();
    }
  });
});

describe('AWS_IAM over realtime (the client signs the connection and each subscription)', () => {
  test('a guest subscription hears a signed-in identity’s create', async () => {
    await signIn({ username: OPERATOR!.email, password: OPERATOR!.password });
    const operatorCreds = (await fetchAuthSession()).credentials!;
    await signOut();

    const heard: string[] = [];
    const errors: unknown[] = [];
    const subscription = iam.models['Notice']!.onCreate().subscribe({
      next: (notice) => heard.push(notice.text),
      error: (err) => errors.push(err),
    });
    try {
      // The subscription is live once a create is heard; retry the create until then.
      const until = Date.now() + 15_000;
      let n = 0;
      while (!heard.length) {
        assert.deepEqual(errors, []);
        assert.ok(Date.now() < until, 'no create was heard over the IAM-signed subscription');
        const text = `heard ${++n}`;
        const created = await signedPost(
          JSON.stringify({
            query: 'mutation ($text: String!) { createNotice(input: { text: $text }) { id text createdAt updatedAt } }',
            variables: { text },
          }),
          operatorCreds,
        );
        assert.equal(created.json.errors, undefined, JSON.stringify(created.json.errors));
        await new Promise((r) => setTimeout(r, 300));
      }
      assert.match(heard[0]!, /^heard \d+$/);
    } finally {
      subscription.unsubscribe();
    }
  });
});

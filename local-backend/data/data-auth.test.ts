import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource.ts';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { ApiKeys } from './api-keys.ts';
import { ItemStore } from './store.ts';
import { accessToken, dataOutputs, gql, type Auth } from './testing.ts';

const [ADMIN, OPERATOR, VIEWER] = DEMO_ACCOUNTS;
let backend: TestBackend;
const auth: Record<string, Auth> = {};
const run = Date.now().toString(36);

before(async () => {
  backend = await startTestBackend();
  Amplify.configure(toResourcesConfig(backend.outputs));
  auth['ADMINS'] = { token: await accessToken(backend, ADMIN.email, ADMIN.password) };
  auth['OPERATORS'] = { token: await accessToken(backend, OPERATOR.email, OPERATOR.password) };
  auth['VIEWERS'] = { token: await accessToken(backend, VIEWER.email, VIEWER.password) };
  backend.identityService.userPool.createUser('nogroup@example.com', 'No-Group-2026');
  auth['no group'] = { token: await accessToken(backend, 'nogroup@example.com', 'No-Group-2026') };
  auth['API key'] = { apiKey: dataOutputs(backend).api_key };
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend?.stop();
});

const MODELS = [
  { name: 'Song', plural: 'Songs', input: (n: string) => ({ name: n, coverArtPath: 'images/r/1.png' }) },
  { name: 'PhotoAlbum', plural: 'PhotoAlbums', input: (n: string) => ({ name: n, imagePaths: ['images/r/1.png'] }) },
];

/** The role table of docs/architecture.md as the schema's rules give it: who may do what to a record. */
const TABLE: Record<string, Record<'create' | 'read' | 'update' | 'delete', boolean>> = {
  ADMINS: { create: true, read: true, update: true, delete: true },
  OPERATORS: { create: true, read: true, update: true, delete: false },
  VIEWERS: { create: false, read: true, update: false, delete: false },
  'API key': { create: false, read: true, update: false, delete: false },
  'no group': { create: false, read: false, update: false, delete: false },
};

async function snapshot(model: (typeof MODELS)[number]) {
  const res = await gql(
    backend,
    auth['ADMINS']!,
    `{ list${model.plural}(limit: 100000) { items { id name updatedAt } } }`,
  );
  const items = (res.body.data![`list${model.plural}`] as { items: { id: string; name: string; updatedAt: string }[] })
    .items;
  return new Map(items.map((i) => [i.id, `${i.name}@${i.updatedAt}`]));
}

function assertUnauthorized(res: Awaited<ReturnType<typeof gql>>, field: string, type: string) {
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.data, { [field]: null });
  assert.equal(res.body.errors?.[0]?.['errorType'], 'Unauthorized');
  assert.equal(res.body.errors?.[0]?.['message'], `Not Authorized to access ${field} on type ${type}`);
  assert.deepEqual(res.body.errors?.[0]?.['path'], [field]);
}

describe('each role × operation, sent by hand as HTTP requests', () => {
  for (const model of MODELS) {
    for (const [role, may] of Object.entries(TABLE)) {
      test(`${role} on ${model.name}: ${Object.entries(may)
        .map(([op, ok]) => `${op} ${ok ? 'yes' : 'no'}`)
        .join(', ')}`, async () => {
        const fixture = await gql(
          backend,
          auth['ADMINS']!,
          `mutation($input: Create${model.name}Input!) { create${model.name}(input: $input) { id updatedAt } }`,
          {
            input: model.input(`fixture ${role} ${run}`),
          },
        );
        const id = (fixture.body.data![`create${model.name}`] as { id: string }).id;
        const caller = auth[role]!;

        const read = await gql(backend, caller, `query($id: ID!) { get${model.name}(id: $id) { id name } }`, { id });
        if (may.read) assert.equal((read.body.data![`get${model.name}`] as { id: string }).id, id);
        else assertUnauthorized(read, `get${model.name}`, 'Query');
        const list = await gql(backend, caller, `{ list${model.plural}(limit: 1000) { items { id } } }`);
        if (may.read)
          assert.ok(
            (list.body.data![`list${model.plural}`] as { items: { id: string }[] }).items.some((i) => i.id === id),
          );
        else assertUnauthorized(list, `list${model.plural}`, 'Query');

        const before = await snapshot(model);
        const created = await gql(
          backend,
          caller,
          `mutation($input: Create${model.name}Input!) { create${model.name}(input: $input) { id } }`,
          {
            input: model.input(`by ${role} ${run}`),
          },
        );
        if (may.create) assert.ok((created.body.data![`create${model.name}`] as { id: string }).id);
        else {
          assertUnauthorized(created, `create${model.name}`, 'Mutation');
          assert.deepEqual(await snapshot(model), before, 'a refused create writes nothing');
        }

        const beforeUpdate = await snapshot(model);
        const updated = await gql(
          backend,
          caller,
          `mutation($input: Update${model.name}Input!) { update${model.name}(input: $input) { id name } }`,
          {
            input: { id, name: `renamed by ${role}` },
          },
        );
        if (may.update)
          assert.equal((updated.body.data![`update${model.name}`] as { name: string }).name, `renamed by ${role}`);
        else {
          assertUnauthorized(updated, `update${model.name}`, 'Mutation');
          assert.deepEqual(await snapshot(model), beforeUpdate, 'a refused update changes nothing');
        }

        const beforeDelete = await snapshot(model);
        const deleted = await gql(
          backend,
          caller,
          `mutation($input: Delete${model.name}Input!) { delete${model.name}(input: $input) { id } }`,
          {
            input: { id },
          },
        );
        if (may.delete) assert.equal((deleted.body.data![`delete${model.name}`] as { id: string }).id, id);
        else {
          assertUnauthorized(deleted, `delete${model.name}`, 'Mutation');
          assert.deepEqual(await snapshot(model), beforeDelete, 'a refused delete removes nothing');
        }
      });
    }
  }
});

describe('the same rules through the real client', () => {
  const client = generateClient<Schema>();
  test('a viewer cannot create, an operator cannot delete, both can read', async () => {
    await signIn({ username: VIEWER.email, password: VIEWER.password });
    const refused = await client.models.Song.create({ name: `viewer ${run}` });
    assert.equal(refused.data, null);
    assert.equal(refused.errors?.[0]?.errorType, 'Unauthorized');
    const { data: songs } = await client.models.Song.list({ limit: 1000 });
    assert.ok(songs.length > 0);
    assert.ok(!songs.some((s) => s.name === `viewer ${run}`));
    await signOut();

    await signIn({ username: OPERATOR.email, password: OPERATOR.password });
    const { data: song } = await client.models.Song.create({ name: `operator ${run}` });
    const { data: edited } = await client.models.Song.update({ id: song!.id, coverArtPath: 'images/o/1.png' });
    assert.equal(edited?.coverArtPath, 'images/o/1.png');
    const del = await client.models.Song.delete({ id: song!.id });
    assert.equal(del.errors?.[0]?.errorType, 'Unauthorized');
    assert.equal((await client.models.Song.get({ id: song!.id })).data?.id, song!.id);
    await signOut();
  });
});

describe('credentials AppSync would refuse', () => {
  const create = 'mutation { createSong(input: {name: "intruder"}) { id } }';
  const assertRefused = async (headers: Record<string, string>, message?: RegExp) => {
    const before = await snapshot(MODELS[0]!);
    const res = await fetch(dataOutputs(backend).url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: create }),
    });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { errors: { errorType: string; message: string }[] };
    assert.equal(body.errors[0]!.errorType, 'UnauthorizedException');
    if (message) assert.match(body.errors[0]!.message, message);
    assert.deepEqual(await snapshot(MODELS[0]!), before);
  };

  test('no credentials', () => assertRefused({}, /authorization header/));
  test('an unknown API key', () => assertRefused({ 'x-api-key': 'da2-notarealkeynotarealkey00' }));
  test('a tampered token', async () => {
    const token = (auth['ADMINS'] as { token: string }).token;
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims['cognito:groups'] = ['ADMINS', 'SUPER'];
    await assertRefused({ authorization: `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}` });
  });
  test('a token that is not a JWT', () => assertRefused({ authorization: 'not-a-jwt' }));
  test('an expired API key', async () => {
    const store = new ItemStore(backend.dataDir);
    try {
      const expired = new ApiKeys(store).issue(-1000, 'da2-expiredexpiredexpired000');
      await assertRefused({ 'x-api-key': expired.key }, /expired/);
    } finally {
      store.close();
    }
  });
});

describe('requests AppSync would not run', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(dataOutputs(backend).url, {
      method: 'POST',
      headers: { 'x-api-key': dataOutputs(backend).api_key, ...headers },
      body,
    });

  test('a body that is not JSON', async () => {
    const res = await post('{"query": ');
    assert.equal(res.status, 400);
    assert.equal(
      ((await res.json()) as { errors: { errorType: string }[] }).errors[0]!.errorType,
      'MalformedHttpRequestException',
    );
  });

  test('a query that does not parse', async () => {
    const res = await post(JSON.stringify({ query: '{ listSongs { items { id }' }));
    assert.equal(res.status, 400);
    const body = (await res.json()) as { errors: { message: string; locations: unknown[] }[] };
    assert.match(body.errors[0]!.message, /^Invalid syntax/);
    assert.ok(body.errors[0]!.locations.length);
  });

  test('an unknown field, an unknown argument', async () => {
    const res = await gql(backend, auth['API key']!, '{ listSongs(colour: "red") { items { id composer } } }');
    assert.equal(res.body.data, null);
    const messages = res.body.errors!.map((e) => e['message']);
    assert.ok(
      messages.includes("Validation error of type FieldUndefined: Field 'composer' in type 'Song' is undefined"),
      String(messages),
    );
    assert.ok(messages.some((m) => /UnknownArgument: Unknown field argument colour/.test(String(m))));
    assert.ok(res.body.errors!.every((e) => e['errorType'] === 'ValidationError'));
  });

  test('variables of the wrong type write nothing', async () => {
    const before = await snapshot(MODELS[0]!);
    const res = await gql(
      backend,
      auth['ADMINS']!,
      'mutation($input: CreateSongInput!) { createSong(input: $input) { id } }',
      {
        input: { name: 42, coverArtPath: ['not', 'a', 'string'] },
      },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.data, null);
    assert.match(String(res.body.errors![0]!['message']), /^Variable 'input'/);
    const missing = await gql(
      backend,
      auth['ADMINS']!,
      'mutation($input: CreateSongInput!) { createSong(input: $input) { id } }',
      {
        input: { coverArtPath: 'x' },
      },
    );
    assert.equal(missing.body.data, null);
    assert.deepEqual(await snapshot(MODELS[0]!), before);
  });

  test('an oversized body is refused before it is read in full', async () => {
    const before = await snapshot(MODELS[0]!);
    const huge = JSON.stringify({
      query: 'mutation($n: String!) { createSong(input: {name: $n}) { id } }',
      variables: { n: 'x'.repeat(2 * 1024 * 1024) },
    });
    const res = await post(huge, { authorization: (auth['ADMINS'] as { token: string }).token });
    assert.equal(res.status, 413);
    assert.ok(((await res.json()) as { errors: { errorType: string }[] }).errors[0]!.errorType);
    assert.deepEqual(await snapshot(MODELS[0]!), before);
  });

  test('a GET is refused', async () => {
    const res = await fetch(dataOutputs(backend).url, { headers: { 'x-api-key': dataOutputs(backend).api_key } });
    assert.equal(res.status, 405);
  });
});

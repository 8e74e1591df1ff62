import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { graphql, type GraphQLSchema } from 'graphql';
import type { UserPoolClaims } from '../identity/api.ts';
import { buildAppSyncSchema } from './appsync-schema.ts';
import { describeApi } from './models.ts';
import { attachResolvers, type ExecutionContext } from './resolvers.ts';
import { synthesize, type DataDefinitions } from './schema-loader.ts';
import { ItemStore } from './store.ts';

/*
 * "Adding a model or a field to resource.ts must need no change in the local backend's code":
 * a backend whose data/resource.ts has a new field on Song and a whole new model is synthesized
 * and served by the same, unchanged code.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so the fixture's imports of @aws-amplify/backend resolve.
// Amplify insists that data be defined in a file whose path ends in amplify/data/resource.ts.
const FIXTURE_ROOT = join(REPO, 'node_modules', '.cache', `local-backend-fixture-${process.pid}`);
const FIXTURE = join(FIXTURE_ROOT, 'amplify');

const FIXTURE_DATA = `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';

const schema = a.schema({
  Song: a
    .model({ id: a.id().required(), name: a.string().required(), coverArtPath: a.string(), durationSeconds: a.integer() })
    .authorization((allow) => [allow.groups(['ADMINS']), allow.groups(['VIEWERS']).to(['read'])]),
  Playlist: a
    .model({ name: a.string().required(), trackIds: a.string().array(), plays: a.integer(), featured: a.boolean() })
    .authorization((allow) => [allow.groups(['ADMINS']), allow.groups(['VIEWERS']).to(['read'])]),
});

export type Schema = ClientSchema<typeof schema>;
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'userPool' } });
`;

const FIXTURE_BACKEND = `import { defineBackend } from '@aws-amplify/backend';
import { auth } from ${JSON.stringify(join(REPO, 'amplify', 'auth', 'resource.ts'))};
import { data } from './data/resource.ts';

defineBackend({ auth, data });
`;

let definitions: DataDefinitions;
let schema: GraphQLSchema;
let store: ItemStore;
let dataDir: string;

before(async () => {
  mkdirSync(join(FIXTURE, 'data'), { recursive: true });
  writeFileSync(join(FIXTURE, 'data', 'resource.ts'), FIXTURE_DATA);
  writeFileSync(join(FIXTURE, 'backend.ts'), FIXTURE_BACKEND);
  definitions = await synthesize(join(FIXTURE, 'backend.ts'));
  schema = buildAppSyncSchema(definitions.appsyncSchema);
  const { models, operations } = describeApi(schema, definitions.modelIntrospection);
  dataDir = mkdtempSync(join(tmpdir(), 'local-backend-evolution-'));
  store = new ItemStore(dataDir);
  attachResolvers(schema, operations, models, store, 'AMAZON_COGNITO_USER_POOLS');
});

after(() => {
  store?.close();
  rmSync(FIXTURE_ROOT, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function run(groups: string[], source: string, variableValues: Record<string, unknown> = {}) {
  const claims = { sub: `user-in-${groups.join('-')}`, 'cognito:groups': groups } as UserPoolClaims;
  const contextValue: ExecutionContext = {
    caller: { mode: 'AMAZON_COGNITO_USER_POOLS', claims, groups },
    publish: () => undefined,
  };
  const result = await graphql({ schema, source, variableValues, contextValue });
  // As a client sees it: JSON, not graphql-js's null-prototype objects.
  return { data: JSON.parse(JSON.stringify(result.data ?? null)) as unknown, errors: result.errors };
}

describe('a model and a field added to data/resource.ts, with no change to the local backend', () => {
  test('the authorization modes come from the definitions: this one has no API key', () => {
    assert.deepEqual(definitions.authorizationModes, {
      defaultMode: 'AMAZON_COGNITO_USER_POOLS',
      additionalModes: ['AWS_IAM'],
    });
  });

  test('the model introspection for amplify_outputs.json names the new model and field', () => {
    const models = definitions.modelIntrospection.models;
    assert.deepEqual(Object.keys(models).sort(), ['Playlist', 'Song']);
    assert.deepEqual(Object.keys(models['Playlist']!.fields).sort(), [
      'createdAt',
      'featured',
      'id',
      'name',
      'plays',
      'trackIds',
      'updatedAt',
    ]);
    assert.equal(models['Playlist']!.fields['trackIds']!.isArray, true);
    assert.ok(models['Song']!.fields['durationSeconds']);
  });

  test('the new model is created, read, filtered on its new fields and deleted', async () => {
    const created = await run(
      ['ADMINS'],
      `mutation ($input: CreatePlaylistInput!) {
        createPlaylist(input: $input) { id name trackIds plays featured createdAt }
      }`,
      { input: { name: 'Late night', trackIds: ['a', 'b'], plays: 12, featured: true } },
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const playlist = (created.data as { createPlaylist: Record<string, unknown> }).createPlaylist;
    assert.deepEqual(
      { ...playlist, id: undefined, createdAt: undefined },
      { id: undefined, name: 'Late night', trackIds: ['a', 'b'], plays: 12, featured: true, createdAt: undefined },
    );

    await run(['ADMINS'], `mutation { createPlaylist(input: { name: "Quiet", plays: 3 }) { id } }`);
    const listed = await run(
      ['VIEWERS'],
      `{ listPlaylists(filter: { plays: { gt: 5 }, featured: { eq: true } }) { items { name } } }`,
    );
    assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
    assert.deepEqual((listed.data as { listPlaylists: { items: unknown[] } }).listPlaylists.items, [
      { name: 'Late night' },
    ]);

    const deleted = await run(['ADMINS'], `mutation ($id: ID!) { deletePlaylist(input: { id: $id }) { id } }`, {
      id: playlist['id'],
    });
    assert.equal(deleted.errors, undefined, JSON.stringify(deleted.errors));
    const gone = await run(['VIEWERS'], `query ($id: ID!) { getPlaylist(id: $id) { id } }`, { id: playlist['id'] });
    assert.deepEqual(gone.data, { getPlaylist: null });
  });

  test('the new field is stored and filtered on', async () => {
    await run(['ADMINS'], `mutation { createSong(input: { name: "Long one", durationSeconds: 540 }) { id } }`);
    await run(['ADMINS'], `mutation { createSong(input: { name: "Short one", durationSeconds: 90 }) { id } }`);
    const long = await run(
      ['VIEWERS'],
      `{ listSongs(filter: { durationSeconds: { ge: 300 } }) { items { name durationSeconds } } }`,
    );
    assert.deepEqual((long.data as { listSongs: { items: unknown[] } }).listSongs.items, [
      { name: 'Long one', durationSeconds: 540 },
    ]);
  });

  test('the new model’s rules hold: a viewer may read but not create', async () => {
    const refused = await run(['VIEWERS'], `mutation { createPlaylist(input: { name: "Mine" }) { id } }`);
    assert.equal((refused.errors?.[0]?.originalError as { errorType?: string } | undefined)?.errorType, 'Unauthorized');
    const all = await run(['VIEWERS'], `{ listPlaylists { items { name } } }`);
    assert.ok(
      !(all.data as { listPlaylists: { items: { name: string }[] } }).listPlaylists.items.some(
        (p) => p.name === 'Mine',
      ),
    );
    const wrongType = await run(['ADMINS'], `mutation { createPlaylist(input: { name: "X", plays: "many" }) { id } }`);
    assert.match(String(wrongType.errors?.[0]?.message), /Int/);
  });
});

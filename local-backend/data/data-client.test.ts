import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource.ts';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { demoPlan } from '../seed/demo-plan.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { waitFor } from './testing.ts';

const [ADMIN] = DEMO_ACCOUNTS;
let backend: TestBackend;
const client = generateClient<Schema>();
const publicClient = generateClient<Schema>({ authMode: 'apiKey' });
// Digits only: the filter tests look for letters in names.
const run = String(Date.now());

before(async () => {
  backend = await startTestBackend();
  Amplify.configure(toResourcesConfig(backend.outputs));
  await signIn({ username: ADMIN.email, password: ADMIN.password });
});

after(async () => {
  await signOut().catch(() => undefined);
  await backend?.stop();
});

const UPDATE_SONG = /* GraphQL */ `
  mutation Update($input: UpdateSongInput!, $condition: ModelSongConditionInput) {
    updateSong(input: $input, condition: $condition) {
      id
      name
      coverArtPath
      updatedAt
    }
  }
`;

describe('the real aws-amplify Data client (generateClient<Schema>)', () => {
  test('amplify_outputs.json has the data section as ampx writes it', () => {
    const data = backend.outputs['data'] as Record<string, unknown>;
    assert.equal(data['url'], `${backend.baseUrl}/graphql`);
    assert.equal(data['aws_region'], 'us-east-1');
    assert.match(String(data['api_key']), /^da2-[a-z0-9]{26}$/);
    assert.equal(data['default_authorization_type'], 'AMAZON_COGNITO_USER_POOLS');
    // What the synthesized API accepts besides the default, as ampx writes it (IAM comes with the identity pool).
    assert.deepEqual(data['authorization_types'], ['API_KEY', 'AWS_IAM']);
    const models = (data['model_introspection'] as { models: Record<string, unknown> }).models;
    assert.deepEqual(Object.keys(models).sort(), ['AuditEvent', 'PhotoAlbum', 'ScanRun', 'Song']);
  });

  test('the demo records are seeded', async () => {
    const plan = demoPlan();
    const { data: songs } = await client.models.Song.list({ limit: 1000 });
    for (const s of plan.songs)
      assert.ok(
        songs.some((x) => x.id === s.id && x.name === s.name),
        s.name,
      );
    const { data: album } = await client.models.PhotoAlbum.get({ id: plan.albums[2]!.id });
    assert.deepEqual(album?.imagePaths, plan.albums[2]!.imagePaths);
  });

  test('Song: create, get, update, list, delete', async () => {
    const created = await client.models.Song.create({ name: `Song ${run}`, coverArtPath: 'images/x/a.png' });
    assert.equal(created.errors, undefined);
    const song = created.data!;
    assert.match(song.id, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(song.createdAt)));
    assert.equal(song.createdAt, song.updatedAt);

    const got = await client.models.Song.get({ id: song.id });
    assert.deepEqual({ ...got.data }, { ...song });

    const updated = await client.models.Song.update({ id: song.id, coverArtPath: null });
    assert.equal(updated.data?.coverArtPath, null);
    assert.equal(updated.data?.name, `Song ${run}`);
    assert.ok(updated.data!.updatedAt > song.updatedAt, 'updatedAt moves forward');
    assert.equal(updated.data?.createdAt, song.createdAt);

    const listed = await client.models.Song.list({ filter: { id: { eq: song.id } }, limit: 1000 });
    assert.equal(listed.data.length, 1);

    const deleted = await client.models.Song.delete({ id: song.id });
    assert.equal(deleted.data?.id, song.id);
    assert.equal((await client.models.Song.get({ id: song.id })).data, null);
    const again = await client.models.Song.delete({ id: song.id });
    assert.equal(again.errors?.[0]?.errorType, 'DynamoDB:ConditionalCheckFailedException');
  });

  test('PhotoAlbum: a list field is stored, reordered and filtered on', async () => {
    const paths = ['images/a/1.png', 'images/a/2.png', 'images/a/3.png'];
    const { data: album } = await client.models.PhotoAlbum.create({ name: `Album ${run}`, imagePaths: paths });
    assert.deepEqual(album?.imagePaths, paths);
    const reordered = [paths[2]!, paths[0]!];
    const { data: updated } = await client.models.PhotoAlbum.update({ id: album!.id, imagePaths: reordered });
    assert.deepEqual(updated?.imagePaths, reordered);
    const { data: found } = await client.models.PhotoAlbum.list({
      filter: { imagePaths: { contains: 'images/a/3.png' } },
      limit: 1000,
    });
    assert.deepEqual(
      found.map((a) => a.id),
      [album!.id],
    );
    const { data: selected } = await client.models.PhotoAlbum.get(
      { id: album!.id },
      { selectionSet: ['id', 'imagePaths'] },
    );
    assert.deepEqual(Object.keys(selected!).sort(), ['id', 'imagePaths']);
    await client.models.PhotoAlbum.delete({ id: album!.id });
  });

  test('every filter operator, and/or/not', async () => {
    const p = `F${run}-`;
    const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((n) => p + n);
    const ids: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const { data } = await client.models.Song.create({ name, coverArtPath: i % 2 ? `images/${i}/c.png` : null });
      ids[name.slice(p.length)] = data!.id;
    }
    const only = async (filter: Record<string, unknown>) => {
      const { data, errors } = await client.models.Song.list({
        filter: { and: [{ name: { beginsWith: p } }, filter] } as never,
        limit: 1000,
      });
      assert.equal(errors, undefined, JSON.stringify(errors));
      return data.map((s) => s.name.slice(p.length)).sort();
    };
    assert.deepEqual(await only({ name: { eq: `${p}bravo` } }), ['bravo']);
    assert.deepEqual(await only({ name: { ne: `${p}bravo` } }), ['alpha', 'charlie', 'delta', 'echo']);
    assert.deepEqual(await only({ name: { lt: `${p}charlie` } }), ['alpha', 'bravo']);
    assert.deepEqual(await only({ name: { le: `${p}charlie` } }), ['alpha', 'bravo', 'charlie']);
    assert.deepEqual(await only({ name: { gt: `${p}charlie` } }), ['delta', 'echo']);
    assert.deepEqual(await only({ name: { ge: `${p}charlie` } }), ['charlie', 'delta', 'echo']);
    assert.deepEqual(await only({ name: { between: [`${p}b`, `${p}d`] } }), ['bravo', 'charlie']);
    assert.deepEqual(await only({ name: { beginsWith: `${p}ch` } }), ['charlie']);
    assert.deepEqual(await only({ name: { contains: 'elt' } }), ['delta']);
    assert.deepEqual(await only({ name: { notContains: 'a' } }), ['echo']);
    assert.deepEqual(await only({ coverArtPath: { attributeExists: true } }), [
      'alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    assert.deepEqual(await only({ coverArtPath: { attributeType: 'string' } }), ['bravo', 'delta']);
    assert.deepEqual(await only({ coverArtPath: { attributeType: '_null' } }), ['alpha', 'charlie', 'echo']);
    assert.deepEqual(await only({ coverArtPath: { eq: null } }), ['alpha', 'charlie', 'echo']);
    assert.deepEqual(await only({ name: { size: { eq: p.length + 4 } } }), ['echo']);
    assert.deepEqual(await only({ id: { eq: ids['delta'] } }), ['delta']);
    assert.deepEqual(await only({ or: [{ name: { eq: `${p}alpha` } }, { name: { eq: `${p}echo` } }] }), [
      'alpha',
      'echo',
    ]);
    assert.deepEqual(await only({ not: { name: { contains: 'a' } } }), ['echo']);
    assert.deepEqual(
      await only({
        and: [
          { name: { gt: `${p}a` } },
          { not: { or: [{ name: { eq: `${p}bravo` } }, { name: { eq: `${p}delta` } }] } },
        ],
      }),
      ['alpha', 'charlie', 'echo'],
    );
    // Removing an attribute (update to null) makes attributeExists false.
    await client.models.Song.update({ id: ids['bravo']!, coverArtPath: null });
    assert.deepEqual(await only({ coverArtPath: { attributeExists: false } }), ['bravo']);
    const bad = await client.models.Song.list({ filter: { name: { between: ['z', 'a'] } }, limit: 5 });
    assert.equal(bad.errors?.[0]?.errorType, 'DynamoDB:DynamoDbException');
  });

  test('pagination with limit and nextToken visits every record once, in both directions', async () => {
    const p = `P${run}-`;
    for (let i = 0; i < 23; i++) await client.models.PhotoAlbum.create({ name: `${p}${i}`, imagePaths: [] });
    // The model client sends sortDirection only for models with a sort key; the API takes it anyway.
    const LIST = `query L($limit: Int, $nextToken: String, $sortDirection: ModelSortDirection) {
      listPhotoAlbums(limit: $limit, nextToken: $nextToken, sortDirection: $sortDirection) { items { id } nextToken }
    }`;
    const walk = async (sortDirection?: 'ASC' | 'DESC') => {
      const seen: string[] = [];
      let nextToken: string | null | undefined;
      let pages = 0;
      do {
        const res = sortDirection
          ? (
              (await client.graphql({ query: LIST, variables: { limit: 7, nextToken, sortDirection } })) as {
                data: { listPhotoAlbums: { items: { id: string }[]; nextToken: string | null } };
              }
            ).data.listPhotoAlbums
          : await client.models.PhotoAlbum.list({ limit: 7, nextToken }).then((r) => {
              assert.equal(r.errors, undefined);
              return { items: r.data, nextToken: r.nextToken };
            });
        assert.ok(res.items.length <= 7);
        seen.push(...res.items.map((a) => a.id));
        nextToken = res.nextToken;
        pages++;
      } while (nextToken);
      return { seen, pages };
    };
    const asc = await walk();
    const total = (await client.models.PhotoAlbum.list({ limit: 10_000 })).data.length;
    assert.equal(asc.seen.length, total);
    assert.equal(new Set(asc.seen).size, total, 'no record twice');
    assert.equal(asc.pages, Math.ceil(total / 7));
    assert.deepEqual(asc.seen, [...asc.seen].sort());
    const desc = await walk('DESC');
    assert.deepEqual(desc.seen, [...asc.seen].reverse());

    // DynamoDB semantics: `limit` counts records read, the filter applies after.
    const page = await client.models.PhotoAlbum.list({ filter: { name: { beginsWith: p } }, limit: 5 });
    assert.ok(page.data.length <= 5);
    const bad = await client.models.PhotoAlbum.list({ limit: 5, nextToken: 'not-a-token' });
    assert.equal(bad.errors?.[0]?.errorType, 'DynamoDB:DynamoDbException');
  });

  test('a conditional update on a stale updatedAt fails with the AppSync error and changes nothing', async () => {
    const { data: song } = await client.models.Song.create({ name: `Cond ${run}`, coverArtPath: 'images/c/1.png' });
    const seen = song!.updatedAt;
    const first = (await client.graphql({
      query: UPDATE_SONG,
      variables: { input: { id: song!.id, coverArtPath: 'images/c/2.png' }, condition: { updatedAt: { eq: seen } } },
    })) as { data: { updateSong: { updatedAt: string } } };
    assert.equal(first.data.updateSong.updatedAt > seen, true);

    await assert.rejects(
      client.graphql({
        query: UPDATE_SONG,
        variables: { input: { id: song!.id, coverArtPath: 'images/c/3.png' }, condition: { updatedAt: { eq: seen } } },
      }) as Promise<unknown>,
      (err: { data: unknown; errors: { errorType: string; message: string; path: string[] }[] }) => {
        assert.deepEqual(err.data, { updateSong: null });
        assert.equal(err.errors[0]!.errorType, 'DynamoDB:ConditionalCheckFailedException');
        assert.match(err.errors[0]!.message, /^The conditional request failed/);
        assert.deepEqual(err.errors[0]!.path, ['updateSong']);
        return true;
      },
    );
    const { data: after } = await client.models.Song.get({ id: song!.id });
    assert.equal(after?.coverArtPath, 'images/c/2.png');
  });

  test('observeQuery stays live: another client’s create, update and delete arrive', async () => {
    const p = `O${run}-`;
    const snapshots: { items: Schema['Song']['type'][]; isSynced: boolean }[] = [];
    const sub = publicClient.models.Song.observeQuery({ filter: { name: { beginsWith: p } } }).subscribe({
      next: (s) => snapshots.push({ items: [...s.items], isSynced: s.isSynced }),
      error: (e) => assert.fail(`observeQuery error: ${JSON.stringify(e)}`),
    });
    try {
      await waitFor(() => snapshots.some((s) => s.isSynced), 'the first synced snapshot');
      const names = () =>
        snapshots
          .at(-1)!
          .items.map((s) => s.name)
          .sort();
      assert.deepEqual(names(), []);
      const { data: a } = await client.models.Song.create({ name: `${p}one` });
      await waitFor(() => names().includes(`${p}one`), 'the create');
      await client.models.Song.update({ id: a!.id, name: `${p}uno` });
      await waitFor(() => names().join() === `${p}uno`, 'the update');
      await client.models.Song.create({ name: `other-${run}` }); // filtered out
      await client.models.Song.delete({ id: a!.id });
      await waitFor(() => names().length === 0, 'the delete');
      assert.ok(!snapshots.some((s) => s.items.some((i) => i.name === `other-${run}`)));
    } finally {
      sub.unsubscribe();
    }
  });

  test('records survive a restart', async () => {
    const { data: song } = await client.models.Song.create({ name: `Durable ${run}` });
    const apiKey = (backend.outputs['data'] as { api_key: string }).api_key;
    await signOut();
    await backend.stop({ keepData: true });
    backend = await startTestBackend({ dataDir: backend.dataDir });
    Amplify.configure(toResourcesConfig(backend.outputs));
    assert.equal((backend.outputs['data'] as { api_key: string }).api_key, apiKey, 'the same API key');
    const { data } = await publicClient.models.Song.get({ id: song!.id });
    assert.equal(data?.name, `Durable ${run}`);
  });
});

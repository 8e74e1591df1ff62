import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_ACCOUNTS } from '../identity/demo-accounts.ts';
import { startTestBackend, type TestBackend } from '../testing/test-backend.ts';
import { accessToken, dataOutputs, gql, type Auth, type GqlResult } from './testing.ts';

/*
 * The audit trail's security (amplify/data/resource.ts, AuditEvent): the actor is whoever the
 * token says, whatever the request names; no role can change or remove an event; ADMINS read
 * everyone's events, everyone else only their own. Every request is sent by hand, as any client
 * could send it.
 */

const [ADMIN, OPERATOR, VIEWER] = DEMO_ACCOUNTS;
let backend: TestBackend;
const auth: Record<string, Auth & { token?: string }> = {};
/** Each role's owner value as Gen 2 writes it: `<sub>::<username>` of their token. */
const actorOf: Record<string, string> = {};

function claimsOf(token: string): { sub: string; username: string } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    sub: string;
    username: string;
  };
}

before(async () => {
  backend = await startTestBackend();
  for (const [role, account] of [
    ['ADMINS', ADMIN],
    ['OPERATORS', OPERATOR],
    ['VIEWERS', VIEWER],
  ] as const) {
    const token = await accessToken(backend, account.email, account.password);
    auth[role] = { token };
    const claims = claimsOf(token);
    actorOf[role] = `${claims.sub}::${claims.username}`;
  }
  backend.identityService.userPool.createUser('nogroup@example.com', 'No-Group-2026');
  auth['no group'] = { token: await accessToken(backend, 'nogroup@example.com', 'No-Group-2026') };
  auth['API key'] = { apiKey: dataOutputs(backend).api_key };
});

after(async () => {
  await backend?.stop();
});

const FIELDS = 'id feed at actor action model recordId field paths before after jobId result';
const CREATE = `mutation ($input: CreateAuditEventInput!) { createAuditEvent(input: $input) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { getAuditEvent(id: $id) { ${FIELDS} } }`;
const BY_TIME = `query ($at: ModelStringKeyConditionInput, $filter: ModelAuditEventFilterInput, $limit: Int, $nextToken: String, $dir: ModelSortDirection) {
  listAuditEventsByTime(feed: "all", at: $at, filter: $filter, limit: $limit, nextToken: $nextToken, sortDirection: $dir) {
    items { ${FIELDS} } nextToken
  }
}`;

type Event = Record<string, unknown> & { id: string; actor: string; at: string };

let clock = Date.parse('2026-03-01T10:00:00.000Z');
/** A distinct `at` per event, one second apart, so order is known. */
const nextAt = () => new Date((clock += 1000)).toISOString();

function event(extra: Record<string, unknown> = {}) {
  return {
    feed: 'all',
    at: nextAt(),
    action: 'delete',
    model: 'Song',
    recordId: 'song-1',
    field: 'coverArtPath',
    paths: JSON.stringify(['images/song-1/cover.png']),
    before: JSON.stringify({ coverArtPath: 'images/song-1/cover.png' }),
    after: null,
    jobId: null,
    result: 'deleted',
    ...extra,
  };
}

async function record(role: string, extra: Record<string, unknown> = {}): Promise<Event> {
  const res = await gql(backend, auth[role]!, CREATE, { input: event(extra) });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!['createAuditEvent'] as Event;
}

function assertUnauthorized(res: GqlResult, field: string, type: string) {
  assert.deepEqual(res.body.data, { [field]: null });
  assert.equal(res.body.errors?.[0]?.['errorType'], 'Unauthorized');
  assert.equal(res.body.errors?.[0]?.['message'], `Not Authorized to access ${field} on type ${type}`);
}

async function asAdmin(id: string): Promise<Event | null> {
  const res = await gql(backend, auth['ADMINS']!, GET, { id });
  assert.equal(res.body.errors, undefined);
  return res.body.data!['getAuditEvent'] as Event | null;
}

describe('who: the actor is set from the token', () => {
  for (const role of ['ADMINS', 'OPERATORS', 'VIEWERS']) {
    test(`${role}: an event naming no actor is stored as theirs, <sub>::<username>`, async () => {
      const created = await record(role);
      assert.equal(created.actor, actorOf[role]);
      assert.equal((await asAdmin(created.id))?.actor, actorOf[role]);
    });

    test(`${role}: an event naming someone else is refused, and nothing is stored`, async () => {
      const victim = role === 'ADMINS' ? actorOf['OPERATORS']! : actorOf['ADMINS']!;
      const id = `forged-${role}`;
      const res = await gql(backend, auth[role]!, CREATE, { input: { id, ...event({ actor: victim }) } });
      assertUnauthorized(res, 'createAuditEvent', 'Mutation');
      assert.equal(await asAdmin(id), null);
    });
  }

  test('naming oneself explicitly is accepted as is', async () => {
    const created = await record('OPERATORS', { actor: actorOf['OPERATORS'] });
    assert.equal(created.actor, actorOf['OPERATORS']);
  });

  test('a caller with no user-pool identity cannot write events at all', async () => {
    for (const role of ['API key']) {
      const res = await gql(backend, auth[role]!, CREATE, { input: event() });
      assert.equal(res.body.data?.['createAuditEvent'] ?? null, null);
      assert.ok(res.body.errors?.length, `${role} should be refused`);
    }
  });
});

describe('append-only: no role updates or deletes an event', () => {
  let target: Event;
  before(async () => {
    target = await record('ADMINS', { result: 'the original' });
  });

  for (const role of ['ADMINS', 'OPERATORS', 'VIEWERS', 'no group', 'API key']) {
    test(`${role}: update and delete refused, the event unchanged`, async () => {
      const update = await gql(
        backend,
        auth[role]!,
        `mutation ($input: UpdateAuditEventInput!) { updateAuditEvent(input: $input) { id result } }`,
        { input: { id: target.id, result: 'rewritten' } },
      );
      assert.equal(update.body.data?.['updateAuditEvent'] ?? null, null);
      assert.match(String(update.body.errors?.[0]?.['errorType']), /Unauthorized/);
      const remove = await gql(
        backend,
        auth[role]!,
        `mutation ($input: DeleteAuditEventInput!) { deleteAuditEvent(input: $input) { id } }`,
        { input: { id: target.id } },
      );
      assert.equal(remove.body.data?.['deleteAuditEvent'] ?? null, null);
      assert.match(String(remove.body.errors?.[0]?.['errorType']), /Unauthorized/);
      assert.deepEqual(await asAdmin(target.id), target);
    });
  }

  test('taking over an event by naming oneself its actor is refused too', async () => {
    const res = await gql(
      backend,
      auth['OPERATORS']!,
      `mutation ($input: UpdateAuditEventInput!) { updateAuditEvent(input: $input) { id } }`,
      { input: { id: target.id, actor: actorOf['OPERATORS'] } },
    );
    assertUnauthorized(res, 'updateAuditEvent', 'Mutation');
    assert.equal((await asAdmin(target.id))?.actor, actorOf['ADMINS']);
  });
});

describe('read: ADMINS read everyone’s events, everyone else only their own', () => {
  let adminEvent: Event;
  let viewerEvent: Event;
  before(async () => {
    adminEvent = await record('ADMINS', { action: 'user_invite', model: null, recordId: 'someone' });
    viewerEvent = await record('VIEWERS', { action: 'attach' });
  });

  async function listed(role: string): Promise<Event[]> {
    const events: Event[] = [];
    let nextToken: string | null = null;
    do {
      const res = await gql(backend, auth[role]!, BY_TIME, { limit: 7, nextToken, dir: 'DESC' });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      const page = res.body.data!['listAuditEventsByTime'] as { items: Event[]; nextToken: string | null };
      events.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  test('ADMINS list everyone’s, newest first', async () => {
    const events = await listed('ADMINS');
    const ids = events.map((e) => e.id);
    assert.ok(ids.includes(adminEvent.id) && ids.includes(viewerEvent.id));
    assert.ok(new Set(events.map((e) => e.actor)).size >= 3);
    const times = events.map((e) => e.at);
    assert.deepEqual(times, [...times].sort().reverse());
    assert.equal(new Set(ids).size, ids.length, 'no event twice across pages');
  });

  test('VIEWERS and OPERATORS list only their own', async () => {
    for (const role of ['VIEWERS', 'OPERATORS']) {
      const events = await listed(role);
      assert.ok(events.length > 0);
      assert.deepEqual([...new Set(events.map((e) => e.actor))], [actorOf[role]]);
    }
    assert.ok((await listed('VIEWERS')).some((e) => e.id === viewerEvent.id));
  });

  test('reading someone else’s event by id is refused', async () => {
    assertUnauthorized(await gql(backend, auth['VIEWERS']!, GET, { id: adminEvent.id }), 'getAuditEvent', 'Query');
    const own = await gql(backend, auth['VIEWERS']!, GET, { id: viewerEvent.id });
    assert.equal((own.body.data!['getAuditEvent'] as Event).id, viewerEvent.id);
  });

  test('a signed-in user in no group and the API key read nothing', async () => {
    const res = await gql(backend, auth['no group']!, BY_TIME, { limit: 100 });
    assert.deepEqual((res.body.data!['listAuditEventsByTime'] as { items: Event[] }).items, []);
    const byKey = await gql(backend, auth['API key']!, BY_TIME, { limit: 100 });
    assert.equal(byKey.body.data?.['listAuditEventsByTime'] ?? null, null);
    assert.ok(byKey.body.errors?.length);
  });
});

describe('the time index: a Query on feed, sorted by at', () => {
  test('a range of `at` and a filter, newest or oldest first, paged', async () => {
    const start = nextAt();
    const mine: Event[] = [];
    for (let i = 0; i < 5; i++) mine.push(await record('ADMINS', { action: i % 2 ? 'detach' : 'attach', jobId: 'j' }));
    const end = nextAt();
    const between = { between: [start, end] };
    const page = async (vars: Record<string, unknown>) => {
      const res = await gql(backend, auth['ADMINS']!, BY_TIME, { at: between, ...vars });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      return res.body.data!['listAuditEventsByTime'] as { items: Event[]; nextToken: string | null };
    };
    assert.deepEqual(
      (await page({ dir: 'ASC' })).items.map((e) => e.id),
      mine.map((e) => e.id),
    );
    const first = await page({ dir: 'DESC', limit: 2 });
    assert.deepEqual(
      first.items.map((e) => e.id),
      [mine[4]!.id, mine[3]!.id],
    );
    const second = await page({ dir: 'DESC', limit: 2, nextToken: first.nextToken });
    assert.deepEqual(
      second.items.map((e) => e.id),
      [mine[2]!.id, mine[1]!.id],
    );
    // `limit` counts records read before the filter, as DynamoDB does.
    const filtered = await page({ dir: 'DESC', limit: 3, filter: { action: { eq: 'detach' } } });
    assert.deepEqual(
      filtered.items.map((e) => e.id),
      [mine[3]!.id],
    );
    assert.ok(filtered.nextToken);
    assert.deepEqual((await page({ at: { gt: end } })).items, []);
  });

  test('a token from another direction or a made-up one is refused', async () => {
    const res = await gql(backend, auth['ADMINS']!, BY_TIME, { limit: 1, dir: 'DESC' });
    const token = (res.body.data!['listAuditEventsByTime'] as { nextToken: string }).nextToken;
    for (const [nextToken, dir] of [
      [token, 'ASC'],
      ['not-a-token', 'DESC'],
    ]) {
      const bad = await gql(backend, auth['ADMINS']!, BY_TIME, { limit: 1, nextToken, dir });
      assert.equal(bad.body.errors?.[0]?.['message'], 'Invalid pagination token given.');
    }
  });

  test('an empty feed is refused as DynamoDB refuses an empty key value', async () => {
    const res = await gql(backend, auth['ADMINS']!, `{ listAuditEventsByTime(feed: "") { items { id } } }`);
    assert.match(String(res.body.errors?.[0]?.['message']), /empty string value/);
  });
});

import { Subject, firstValueFrom, toArray, take } from 'rxjs';
import { AttachmentError } from '../attachments/attachment-error';
import { type DataModule, createModelApi } from './model-api';

interface Raw {
  id: string;
  tags?: (string | null)[] | null;
  updatedAt: string;
}
interface Thing {
  id: string;
  tags: string[];
  updatedAt: string;
}

/** A Data client that records what it is asked and answers from a script. */
class FakeDataClient {
  readonly asked: { query: string; variables: Record<string, unknown> }[] = [];
  readonly live = new Subject<{ items: Raw[]; isSynced: boolean }>();
  answer: (field: string) => unknown = () => null;
  created = 0;

  module(): () => Promise<DataModule> {
    const client = {
      graphql: async ({ query, variables }: { query: string; variables: Record<string, unknown> }) => {
        this.asked.push({ query, variables });
        const field = /\{\s*(\w+)\(/.exec(query)![1]!;
        const data = this.answer(field);
        if (data instanceof Error || (data && typeof data === 'object' && 'errors' in data)) throw data;
        return { data: { [field]: data } };
      },
      models: { Thing: { observeQuery: () => this.live.asObservable() } },
    };
    return async () => ({
      generateClient: (() => (this.created++, client)) as unknown as DataModule['generateClient'],
    });
  }
}

describe('createModelApi', () => {
  const read = (raw: Raw): Thing => ({
    id: raw.id,
    tags: (raw.tags ?? []).filter((t) => !!t) as string[],
    updatedAt: raw.updatedAt,
  });
  let fake: FakeDataClient;
  const api = () =>
    createModelApi<Raw, Thing, { id: string }, { id: string; tags?: string[] }>(
      { model: 'Thing', fields: 'id tags updatedAt', read },
      fake.module(),
    );

  beforeEach(() => (fake = new FakeDataClient()));

  it("asks for the model's generated operations with its fields, and reads what comes back", async () => {
    const things = api();
    fake.answer = (field) => ({ id: 't1', tags: ['a', null, ''], updatedAt: `v-${field}` });
    expect(await things.get('t1')).toEqual({ id: 't1', tags: ['a'], updatedAt: 'v-getThing' });
    expect(await things.create({ id: 't1' })).toEqual({ id: 't1', tags: ['a'], updatedAt: 'v-createThing' });
    expect(fake.asked.map((a) => a.query.replace(/\s+/g, ' '))).toEqual([
      'query GetThing($id: ID!) { getThing(id: $id) { id tags updatedAt } }',
      'mutation CreateThing($input: CreateThingInput!) { createThing(input: $input) { id tags updatedAt } }',
    ]);
    expect(fake.asked.map((a) => a.variables)).toEqual([{ id: 't1' }, { input: { id: 't1' } }]);
    // One Data client, made on first use.
    expect(fake.created).toBe(1);

    fake.answer = () => null;
    expect(await things.get('gone')).toBeNull();
  });

  it('updates with the version condition only when given one, and deletes only with it', async () => {
    const things = api();
    fake.answer = () => ({ id: 't1', updatedAt: 'v2' });
    await things.update({ id: 't1', tags: ['x'] }, 'v1');
    await things.update({ id: 't1', tags: ['y'] });
    await things.delete('t1', 'v2');
    expect(fake.asked.map((a) => a.query.split('(')[0])).toEqual([
      'mutation UpdateThing',
      'mutation UpdateThing',
      'mutation DeleteThing',
    ]);
    expect(fake.asked.map((a) => a.variables)).toEqual([
      { input: { id: 't1', tags: ['x'] }, condition: { updatedAt: { eq: 'v1' } } },
      { input: { id: 't1', tags: ['y'] }, condition: null },
      { input: { id: 't1' }, condition: { updatedAt: { eq: 'v2' } } },
    ]);
  });

  it('fails with an AttachmentError: a failed condition is a conflict, a refusal is forbidden', async () => {
    const things = api();
    fake.answer = () => ({ errors: [{ errorType: 'DynamoDB:ConditionalCheckFailedException', message: 'no' }] });
    const conflict = await things.update({ id: 't1' }, 'old').catch((e: unknown) => e);
    expect(conflict).toEqual(jasmine.any(AttachmentError));
    expect((conflict as AttachmentError).kind).toBe('conflict');

    fake.answer = () => ({ errors: [{ errorType: 'Unauthorized', message: 'Not Authorized' }] });
    const refused = await things.delete('t1', 'v1').catch((e: unknown) => e);
    expect((refused as AttachmentError).kind).toBe('forbidden');
  });

  it('follows the live list, reading each record, and maps its failure', async () => {
    const things = api();
    const seen = firstValueFrom(things.observe().pipe(take(2), toArray()));
    await new Promise((r) => setTimeout(r));
    fake.live.next({ items: [{ id: 'a', updatedAt: 'v1' }], isSynced: false });
    fake.live.next({ items: [{ id: 'a', tags: ['p'], updatedAt: 'v2' }], isSynced: true });
    expect(await seen).toEqual([
      { items: [{ id: 'a', tags: [], updatedAt: 'v1' }], synced: false },
      { items: [{ id: 'a', tags: ['p'], updatedAt: 'v2' }], synced: true },
    ]);

    const failed = firstValueFrom(things.observe()).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r));
    fake.live.error({ name: 'NetworkError', message: 'offline' });
    expect(((await failed) as AttachmentError).kind).toBe('unavailable');
  });
});

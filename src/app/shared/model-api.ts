import { Observable, catchError, from, map, merge, switchMap, throwError } from 'rxjs';
import type { Schema } from '../../../amplify/data/resource';
import { toAttachmentError } from '../attachments/error-mapping';
import type { PageSource } from './record-list/record-pager';

/**
 * The slice of the Data client a record service uses for one model: the seam unit specs fake.
 * Every method fails with an AttachmentError (a failed condition is 'conflict').
 */
export interface ModelApi<T, Create, Update> extends PageSource<T> {
  /** observeQuery: every record, then again on each realtime change; `synced` after the full load. */
  observe(): Observable<{ items: T[]; synced: boolean }>;
  get(id: string): Promise<T | null>;
  create(input: Create): Promise<T>;
  /** Updates the given fields; with `expectUpdatedAt`, only if the record still has that version. */
  update(input: Update, expectUpdatedAt?: string): Promise<T>;
  /** Deletes the record, only if it still has that version; returns it as it was. */
  delete(id: string, expectUpdatedAt: string): Promise<T>;
}

/** One model as the console reads it: its name in the schema, the fields it asks for, and how a record is read. */
export interface ModelShape<Raw, T> {
  readonly model: string;
  /** The selection set, e.g. `id name coverArtPath createdAt updatedAt`. */
  readonly fields: string;
  readonly read: (raw: Raw) => T;
  /** How requests are signed, when not the outputs' default (a model only an API key or the identity pool reaches). */
  readonly authMode?: 'userPool' | 'apiKey' | 'identityPool';
}

/** What the seam needs of generateClient<Schema>(), typed shallowly (the generated types are too deep to compare). */
interface DataClient<Raw> {
  graphql(options: { query: string; variables: Record<string, unknown>; authMode?: string }): Promise<unknown>;
  models: Record<string, ModelOperations<Raw>>;
}
interface ModelOperations<Raw> {
  observeQuery(options?: { authMode?: string }): Observable<{ items: Raw[]; isSynced: boolean }>;
  list(options: {
    limit: number;
    nextToken: string | null;
    filter?: unknown;
    authMode?: string;
  }): Promise<{ data: (Raw | null)[] | null; nextToken?: string | null; errors?: unknown[] }>;
  onCreate(options?: { authMode?: string }): Observable<Raw>;
  onUpdate(options?: { authMode?: string }): Observable<Raw>;
  onDelete(options?: { authMode?: string }): Observable<Raw>;
}
export type DataModule = Pick<typeof import('aws-amplify/data'), 'generateClient'>;

/** `aws-amplify/data`, imported on first use, so the Data client stays out of the initial bundle. */
export const loadDataModule = (): Promise<DataModule> => import('aws-amplify/data');

/**
 * A ModelApi on its own Data client (the app has one per model; tests make two to play two
 * operators). The operations are the model's generated get/create/update/delete, with the
 * version condition the consistency rules ask for (docs/architecture.md, section 4). `load`
 * brings in aws-amplify/data; Node tests pass the module they configured.
 */
export function createModelApi<Raw, T, Create, Update>(
  shape: ModelShape<Raw, T>,
  load: () => Promise<DataModule>,
): ModelApi<T, Create, Update> {
  const { model: m, fields, read, authMode } = shape;
  const signing = authMode ? { authMode } : {};
  const get = `query Get${m}($id: ID!) { get${m}(id: $id) { ${fields} } }`;
  const create = `mutation Create${m}($input: Create${m}Input!) { create${m}(input: $input) { ${fields} } }`;
  const update = `mutation Update${m}($input: Update${m}Input!, $condition: Model${m}ConditionInput) {
  update${m}(input: $input, condition: $condition) { ${fields} } }`;
  const remove = `mutation Delete${m}($input: Delete${m}Input!, $condition: Model${m}ConditionInput) {
  delete${m}(input: $input, condition: $condition) { ${fields} } }`;

  let client: Promise<DataClient<Raw>> | undefined;
  const dataClient = () =>
    (client ??= load().then(({ generateClient }) => generateClient<Schema>() as unknown as DataClient<Raw>));
  const request = async (query: string, variables: Record<string, unknown>, field: string): Promise<Raw | null> => {
    try {
      const result = (await (await dataClient()).graphql({ query, variables, ...signing })) as {
        data?: Record<string, unknown>;
      };
      return (result.data?.[field] ?? null) as Raw | null;
    } catch (err) {
      throw toAttachmentError(err);
    }
  };
  const one = async (query: string, variables: Record<string, unknown>, field: string) =>
    read((await request(query, variables, field)) as Raw);

  return {
    observe: () =>
      from(dataClient()).pipe(
        switchMap((c) => c.models[m]!.observeQuery(signing)),
        map(({ items, isSynced }) => ({ items: items.map(read), synced: isSynced })),
        catchError((err: unknown) => throwError(() => toAttachmentError(err))),
      ),
    list: async ({ limit, nextToken, filter }) => {
      try {
        const operations = (await dataClient()).models[m]!;
        const answer = await operations.list({ limit, nextToken, ...(filter ? { filter } : {}), ...signing });
        if (answer.errors?.length && !answer.data) throw { errors: answer.errors };
        return {
          items: (answer.data ?? []).filter((raw): raw is Raw => !!raw).map(read),
          nextToken: answer.nextToken ?? null,
        };
      } catch (err) {
        throw toAttachmentError(err);
      }
    },
    changes: () =>
      from(dataClient()).pipe(
        switchMap((c) => {
          const ops = c.models[m]!;
          return merge(
            ops.onCreate(signing).pipe(map((raw) => ({ type: 'create' as const, record: read(raw) }))),
            ops.onUpdate(signing).pipe(map((raw) => ({ type: 'update' as const, record: read(raw) }))),
            ops.onDelete(signing).pipe(map((raw) => ({ type: 'delete' as const, record: read(raw) }))),
          );
        }),
        catchError((err: unknown) => throwError(() => toAttachmentError(err))),
      ),
    get: async (id) => {
      const raw = await request(get, { id }, `get${m}`);
      return raw ? read(raw) : null;
    },
    create: (input) => one(create, { input }, `create${m}`),
    update: (input, expectUpdatedAt) =>
      one(update, { input, condition: expectUpdatedAt ? { updatedAt: { eq: expectUpdatedAt } } : null }, `update${m}`),
    delete: (id, expectUpdatedAt) =>
      one(remove, { input: { id }, condition: { updatedAt: { eq: expectUpdatedAt } } }, `delete${m}`),
  };
}

import { InjectionToken } from '@angular/core';
import { toAttachmentError } from '../attachments/error-mapping';
import type { FileField } from '../attachments/file-fields';
import type { Page, RecordFiles, ScanSources, StoredObject } from './scan-sources';

/** S3 lists at most 1,000 keys a page; record pages use the same size. */
export const PAGE_SIZE = 1000;

// Both clients are loaded on first use, so they stay out of the initial bundle.
const storage = () => import('aws-amplify/storage');

interface ListResult {
  data: Record<string, unknown>[] | null;
  nextToken?: string | null;
  errors?: unknown[];
}
/** What the scan needs of generateClient(), typed shallowly (a model is only known by name here). */
interface DataClient {
  graphql(options: { query: string; variables: Record<string, unknown> }): Promise<unknown>;
  models: Record<
    string,
    | {
        list(options: {
          limit: number;
          nextToken?: string | null;
          filter?: Record<string, unknown>;
          selectionSet: string[];
        }): Promise<ListResult>;
      }
    | undefined
  >;
}
let client: Promise<DataClient> | undefined;
function dataClient(): Promise<DataClient> {
  client ??= import('aws-amplify/data').then(({ generateClient }) => generateClient() as unknown as DataClient);
  return client;
}

async function graphql<T>(query: string, variables: Record<string, unknown>, field: string): Promise<T> {
  try {
    const c = await dataClient();
    const result = (await c.graphql({ query, variables })) as { data?: Record<string, unknown> };
    return result.data?.[field] as T;
  } catch (err) {
    throw toAttachmentError(err);
  }
}

function toRecord(field: FileField, raw: Record<string, unknown>): RecordFiles {
  const value = raw[field.field];
  const paths = Array.isArray(value)
    ? value.filter((p): p is string => typeof p === 'string' && p !== '')
    : typeof value === 'string' && value !== ''
      ? [value]
      : [];
  return { model: field.model, id: String(raw['id']), updatedAt: String(raw['updatedAt']), field: field.field, paths };
}

/**
 * One page of a model's records through the Data client's model API, which knows the model's
 * operation names from the backend's model_introspection: a model declared in FILE_FIELDS is
 * listed with no code of its own.
 */
async function listRecordPage(
  field: FileField,
  nextToken: string | undefined,
  filter?: Record<string, unknown>,
): Promise<Page<RecordFiles>> {
  try {
    const model = (await dataClient()).models[field.model];
    if (!model) throw new Error(`The Data backend has no model ${field.model}.`);
    const page = await model.list({
      limit: PAGE_SIZE,
      nextToken: nextToken ?? null,
      selectionSet: ['id', 'updatedAt', field.field],
      ...(filter ? { filter } : {}),
    });
    if (page.errors?.length) throw { errors: page.errors };
    return { items: (page.data ?? []).filter(Boolean).map((r) => toRecord(field, r)), nextToken: page.nextToken };
  } catch (err) {
    throw toAttachmentError(err);
  }
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toAttachmentError(err);
  }
}

export const amplifyScanSources: ScanSources = {
  listFiles: (prefix, nextToken) =>
    mapped(async () => {
      const { list } = await storage();
      const page = await list({ path: prefix, options: { pageSize: PAGE_SIZE, nextToken } });
      return {
        items: page.items.map((i): StoredObject => ({ path: i.path, size: i.size ?? 0, lastModified: i.lastModified })),
        nextToken: page.nextToken,
      };
    }),
  listRecords: (field, nextToken) => listRecordPage(field, nextToken),
  referencesTo: async (field, paths) => {
    if (paths.length === 0) return [];
    const op = field.kind === 'one' ? 'eq' : 'contains';
    const terms = paths.map((p) => ({ [field.field]: { [op]: p } }));
    const filter = terms.length === 1 ? terms[0]! : { or: terms };
    const wanted = new Set(paths);
    const found: RecordFiles[] = [];
    let token: string | undefined;
    // A filtered list may return empty pages before the end: follow nextToken to the last one.
    do {
      const page = await listRecordPage(field, token, filter);
      found.push(...page.items.filter((r) => r.paths.some((p) => wanted.has(p))));
      token = page.nextToken ?? undefined;
    } while (token);
    return found;
  },
  fileAt: (path) =>
    mapped(async () => {
      const { getProperties } = await storage();
      try {
        const p = await getProperties({ path });
        return { path, size: p.size ?? 0, lastModified: p.lastModified };
      } catch (err) {
        if (toAttachmentError(err).kind === 'not-found') return null;
        throw err;
      }
    }),
  setPaths: async (field, id, paths, expectUpdatedAt) => {
    const value = field.kind === 'one' ? (paths[0] ?? null) : [...paths];
    const name = `update${field.model}`;
    await graphql(
      `mutation Update($input: Update${field.model}Input!, $condition: Model${field.model}ConditionInput) {
        ${name}(input: $input, condition: $condition) { id updatedAt } }`,
      { input: { id, [field.field]: value }, condition: { updatedAt: { eq: expectUpdatedAt } } },
      name,
    );
  },
  removeFile: (path) =>
    mapped(async () => {
      const { remove } = await storage();
      await remove({ path });
    }),
};

export const SCAN_SOURCES = new InjectionToken<ScanSources>('ScanSources', {
  providedIn: 'root',
  factory: () => amplifyScanSources,
});

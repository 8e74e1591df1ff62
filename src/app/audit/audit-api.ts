import { InjectionToken } from '@angular/core';
import type { Schema } from '../../../amplify/data/resource';
import { loadDataModule, type DataModule } from '../shared/model-api';
import { type AuditAction, type AuditEntry, type AuditEvent, usernameOf } from './audit-event';

/** Every event is in this partition of the time index (amplify/data/resource.ts). */
export const AUDIT_FEED = 'all';

/** Which events to list: all of them, or those matching, in a time range (inclusive). */
export interface AuditQuery {
  /** A person's username (the Users page's); events are stored under `<sub>::<username>`. */
  readonly actor?: string;
  readonly action?: AuditAction;
  readonly model?: string;
  /** ISO date-times. */
  readonly from?: string;
  readonly to?: string;
}

export interface AuditPage {
  readonly items: readonly AuditEvent[];
  readonly nextToken: string | null;
}

/**
 * The audit trail on the Data client: the seam the specs fake. Failures reject with an Error whose
 * message is the backend's.
 */
export interface AuditApi {
  record(entry: AuditEntry, at: string): Promise<AuditEvent>;
  /** One page, newest first. A page may hold fewer than `limit` events with more to come (a filter reads then drops). */
  list(query: AuditQuery, limit: number, nextToken: string | null): Promise<AuditPage>;
}

const FIELDS = 'id at actor action model recordId field paths before after jobId result';
const CREATE = `mutation CreateAuditEvent($input: CreateAuditEventInput!) { createAuditEvent(input: $input) { ${FIELDS} } }`;
const BY_TIME = `query ListAuditEventsByTime($feed: String!, $at: ModelStringKeyConditionInput, $filter: ModelAuditEventFilterInput, $limit: Int, $nextToken: String) {
  listAuditEventsByTime(feed: $feed, at: $at, filter: $filter, limit: $limit, nextToken: $nextToken, sortDirection: DESC) {
    items { ${FIELDS} } nextToken } }`;

interface Raw extends Omit<AuditEvent, 'paths' | 'before' | 'after'> {
  paths: string | null;
  before: string | null;
  after: string | null;
}

const parsed = (json: string | null): unknown => {
  if (json === null || json === undefined) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
};

function read(raw: Raw): AuditEvent {
  const paths = parsed(raw.paths);
  return {
    ...raw,
    paths: Array.isArray(paths) ? paths.map(String) : [],
    before: parsed(raw.before),
    after: parsed(raw.after),
  };
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** The key condition and filter of a query. */
export function conditionsOf(query: AuditQuery): { at: object | null; filter: object | null } {
  const { from, to } = query;
  const at = from && to ? { between: [from, to] } : from ? { ge: from } : to ? { le: to } : null;
  const clauses = [
    query.actor ? { actor: { contains: `::${query.actor}` } } : null,
    query.action ? { action: { eq: query.action } } : null,
    query.model ? { model: { eq: query.model } } : null,
  ].filter((c) => c !== null);
  return { at, filter: clauses.length ? { and: clauses } : null };
}

interface GraphqlClient {
  graphql(options: { query: string; variables: Record<string, unknown> }): Promise<unknown>;
}

async function call<T>(client: Promise<GraphqlClient>, query: string, variables: object, field: string): Promise<T> {
  let result: { data?: Record<string, unknown> | null; errors?: readonly { message: string }[] };
  try {
    result = (await (await client).graphql({ query, variables: { ...variables } })) as typeof result;
  } catch (err) {
    const errors = (err as { errors?: readonly { message: string }[] }).errors;
    if (errors?.length) throw new Error(errors.map((e) => e.message).join('; '), { cause: err });
    throw new Error(err instanceof Error ? err.message : 'The backend did not answer', { cause: err });
  }
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  const data = result.data?.[field];
  if (data === undefined || data === null) throw new Error('The backend gave no answer');
  return data as T;
}

/** The AuditApi on its own Data client (imported on first use). */
export function createAmplifyAuditApi(load: () => Promise<DataModule> = loadDataModule): AuditApi {
  let client: Promise<GraphqlClient> | undefined;
  const c = () => (client ??= load().then((m) => m.generateClient<Schema>() as unknown as GraphqlClient));
  return {
    record: async (entry, at) => {
      const input = {
        feed: AUDIT_FEED,
        at,
        action: entry.action,
        model: entry.model ?? null,
        recordId: entry.recordId ?? null,
        field: entry.field ?? null,
        paths: json(entry.paths ?? []),
        before: json(entry.before),
        after: json(entry.after),
        jobId: entry.jobId ?? null,
        result: entry.result ?? null,
      };
      return read(await call<Raw>(c(), CREATE, { input }, 'createAuditEvent'));
    },
    list: async (query, limit, nextToken) => {
      const page = await call<{ items: Raw[]; nextToken: string | null }>(
        c(),
        BY_TIME,
        { feed: AUDIT_FEED, ...conditionsOf(query), limit, nextToken },
        'listAuditEventsByTime',
      );
      // `contains` could also match a longer username: keep exactly this person's.
      const items = page.items.map(read).filter((e) => !query.actor || usernameOf(e.actor) === query.actor);
      return { items, nextToken: page.nextToken };
    },
  };
}

export const AUDIT_API = new InjectionToken<AuditApi>('AuditApi', {
  providedIn: 'root',
  factory: () => createAmplifyAuditApi(),
});

import type { AuditApi, AuditQuery } from './audit-api';
import type { AuditEvent } from './audit-event';

/** Requests one page of the Activity page may take to fill up when a filter drops most of what it reads. */
const MAX_READS = 10;

/**
 * Up to `size` events, newest first, from where `token` points: the time index is read until the
 * page is full or the trail ends (a filter is applied after reading, so one read may bring few).
 * The token returned resumes exactly after the last event read.
 */
export async function fillPage(
  api: AuditApi,
  query: AuditQuery,
  size: number,
  token: string | null,
): Promise<{ items: AuditEvent[]; nextToken: string | null }> {
  const items: AuditEvent[] = [];
  let next = token;
  for (let reads = 0; reads < MAX_READS && items.length < size; reads++) {
    const page = await api.list(query, size - items.length, next);
    items.push(...page.items);
    next = page.nextToken;
    if (!next) break;
  }
  return { items, nextToken: next };
}

/** Every matching event, newest first, a page of `size` at a time, for the CSV export. */
export async function* allEvents(api: AuditApi, query: AuditQuery, size = 100): AsyncGenerator<AuditEvent[]> {
  let token: string | null = null;
  do {
    const page = await api.list(query, size, token);
    if (page.items.length) yield [...page.items];
    token = page.nextToken;
  } while (token);
}

import type { AuditApi, AuditPage, AuditQuery } from '../audit-api';
import { conditionsOf } from '../audit-api';
import { type AuditEntry, type AuditEvent, usernameOf } from '../audit-event';

/**
 * An in-memory audit trail for specs: records as the backend would (the actor from "the token":
 * `actor`), lists newest first with the query's conditions, pages by a numeric token.
 * `failures` makes the next calls to record fail.
 */
export class FakeAuditApi implements AuditApi {
  readonly events: AuditEvent[] = [];
  actor = 'sub-me::sub-me';
  failures = 0;
  /** Every list call, to assert on how the page asks. */
  readonly listed: { query: AuditQuery; limit: number; nextToken: string | null }[] = [];
  private count = 0;

  record(entry: AuditEntry, at: string): Promise<AuditEvent> {
    if (this.failures > 0) {
      this.failures--;
      return Promise.reject(new Error('Network error'));
    }
    const event: AuditEvent = {
      id: `event-${++this.count}`,
      at,
      actor: this.actor,
      action: entry.action,
      model: entry.model ?? null,
      recordId: entry.recordId ?? null,
      field: entry.field ?? null,
      paths: entry.paths ?? [],
      before: entry.before ?? null,
      after: entry.after ?? null,
      jobId: entry.jobId ?? null,
      result: entry.result ?? null,
    };
    this.events.push(event);
    return Promise.resolve(event);
  }

  list(query: AuditQuery, limit: number, nextToken: string | null): Promise<AuditPage> {
    this.listed.push({ query, limit, nextToken });
    const { at } = conditionsOf(query);
    const range = at as { between?: string[]; ge?: string; le?: string } | null;
    const from = range?.between?.[0] ?? range?.ge;
    const to = range?.between?.[1] ?? range?.le;
    const inRange = [...this.events]
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id.localeCompare(a.id)))
      .filter((e) => (!from || e.at >= from) && (!to || e.at <= to));
    const start = nextToken ? Number(nextToken) : 0;
    const read = inRange.slice(start, start + limit);
    const items = read.filter(
      (e) =>
        (!query.actor || usernameOf(e.actor) === query.actor) &&
        (!query.action || e.action === query.action) &&
        (!query.model || e.model === query.model),
    );
    const next = start + limit < inRange.length ? String(start + limit) : null;
    return Promise.resolve({ items, nextToken: next });
  }
}

import type { ListFilter, PageRequest, RecordPage } from '../record-pager';

/**
 * A list call answered as the Data API answers it: records in key order (the local backend's
 * scan order), `limit` read from after the token, then filtered (so a filtered page may hold
 * fewer than `limit`, even none, with a token still to follow). Tokens are offsets.
 */
export function pageOf<T extends { readonly id: string }>(records: Iterable<T>, request: PageRequest): RecordPage<T> {
  const all = [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const from = request.nextToken === null ? 0 : Number(request.nextToken);
  const read = all.slice(from, from + request.limit);
  const end = from + read.length;
  return {
    items: read.filter((r) => matchesFilter(r, request.filter)),
    nextToken: end < all.length ? String(end) : null,
  };
}

/** The filter operators the console sends: `and`, `or`, and `contains` / `eq` on a field. */
export function matchesFilter(record: object, filter: ListFilter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, condition]) => {
    if (key === 'and') return (condition as ListFilter[]).every((f) => matchesFilter(record, f));
    if (key === 'or') return (condition as ListFilter[]).some((f) => matchesFilter(record, f));
    const value = (record as Record<string, unknown>)[key];
    const { contains, eq } = condition as { contains?: string; eq?: unknown };
    if (contains !== undefined) return typeof value === 'string' && value.includes(contains);
    if (eq !== undefined) return value === eq;
    throw new Error(`The fake list does not know ${JSON.stringify(condition)}`);
  });
}

import type { ListFilter, PageRequest, RecordPage } from '../record-pager';

/**
 * A list call answered as the Data API answers it: records in key order (the local backend's
 * scan order), `limit` read from after the token, then filtered (so a filtered page may hold
 * fewer than `limit`, even none, with a token still to follow). A token names the last key read,
 * as the backend's do, so records deleted between pages shift nothing.
 */
export function pageOf<T extends { readonly id: string }>(records: Iterable<T>, request: PageRequest): RecordPage<T> {
  const after = request.nextToken;
  const all = [...records]
    .filter((r) => after === null || r.id > after)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const read = all.slice(0, request.limit);
  return {
    items: read.filter((r) => matchesFilter(r, request.filter)),
    nextToken: read.length < all.length ? read.at(-1)!.id : null,
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

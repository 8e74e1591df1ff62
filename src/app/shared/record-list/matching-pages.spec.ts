import type { PageRequest, RecordPage } from './record-pager';
import { matchingPages } from './record-pager';
import { matchesFilter } from './testing/fake-pages';

interface Tune {
  readonly id: string;
  readonly name: string;
}

/** A table listed as the local backend and DynamoDB list it: key order, the token names the last key read. */
class KeyedTable {
  readonly rows = new Map<string, Tune>();
  readonly requests: PageRequest[] = [];

  constructor(count: number, name: (i: number) => string) {
    for (let i = 0; i < count; i++) {
      const id = `t${String(i).padStart(5, '0')}`;
      this.rows.set(id, { id, name: name(i) });
    }
  }

  async list(request: PageRequest): Promise<RecordPage<Tune>> {
    this.requests.push(request);
    const after = request.nextToken ?? '';
    const keys = [...this.rows.keys()].filter((k) => k > after).sort();
    const read = keys.slice(0, request.limit);
    return {
      items: read.map((k) => this.rows.get(k)!).filter((r) => matchesFilter(r, request.filter)),
      nextToken: read.length < keys.length ? read.at(-1)! : null,
    };
  }
}

describe('matchingPages (every record matching a search, for a bulk job)', () => {
  it('gives every match page by page with the server filter, skipping pages the filter emptied, then null', async () => {
    const table = new KeyedTable(250, (i) => (i % 50 === 0 || i >= 240 ? `Blue ${i}` : `Red ${i}`));
    const next = matchingPages(table, ['name'], 'blue', 100);
    const pages: string[][] = [];
    for (let page = await next(); page !== null; page = await next()) pages.push(page.map((t) => t.name));
    expect(pages.flat()).toEqual([
      'Blue 0',
      'Blue 50',
      'Blue 100',
      'Blue 150',
      'Blue 200',
      ...Array.from({ length: 10 }, (_, i) => `Blue ${240 + i}`),
    ]);
    expect(table.requests.length).toBe(3);
    expect(table.requests[0]!.filter).toEqual(jasmine.objectContaining({ or: jasmine.any(Array) }));
    expect(await next()).toBeNull();
    expect(table.requests.length).toBe(3);
  });

  it('misses nothing while the job deletes what each page gave', async () => {
    const table = new KeyedTable(1_000, (i) => `Song ${i}`);
    const next = matchingPages(table, ['name'], '', 300);
    let seen = 0;
    let biggest = 0;
    for (let page = await next(); page !== null; page = await next()) {
      seen += page.length;
      biggest = Math.max(biggest, page.length);
      for (const t of page) table.rows.delete(t.id);
    }
    expect(seen).toBe(1_000);
    expect(table.rows.size).toBe(0);
    // Only one page is ever held.
    expect(biggest).toBe(300);
  });
});

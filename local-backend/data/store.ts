import { join } from 'node:path';
import type { StatementSync } from 'node:sqlite';
import { LocalDatabase } from '../sqlite.ts';

export type Item = Record<string, unknown>;
/** A key value: DynamoDB key attributes are strings or numbers. */
export type KeyValue = string | number;

/** A Query on a secondary index: its partition value, an optional sort-key condition, a page. */
export interface IndexQuery {
  partition: { field: string; value: KeyValue };
  sort: { field: string; op?: 'eq' | 'lt' | 'le' | 'gt' | 'ge' | 'between' | 'beginsWith'; values?: KeyValue[] };
  /** Where the previous page stopped: the last record's sort value and primary key. */
  after: { sort: KeyValue; pk: string } | null;
  limit: number;
  desc: boolean;
}

const SORT_CONDITIONS = {
  eq: 'sk = ?',
  lt: 'sk < ?',
  le: 'sk <= ?',
  gt: 'sk > ?',
  ge: 'sk >= ?',
  between: 'sk BETWEEN ? AND ?',
  beginsWith: 'substr(sk, 1, length(?1)) = ?1',
} as const;
export interface StoredItem {
  pk: string;
  /** The stored JSON text: what compare-and-set compares. */
  raw: string;
  item: Item;
}

/**
 * One generic table for every model's records (so adding a model needs no migration), keyed by
 * (model, primary key) in a WITHOUT ROWID b-tree: a page of `list` is one index range scan.
 */
export class ItemStore {
  private readonly db: LocalDatabase;
  private readonly stmts: Record<string, StatementSync>;
  private readonly queries = new Map<string, StatementSync>();

  constructor(dataDir: string) {
    this.db = new LocalDatabase(
      join(dataDir, 'data', 'records.sqlite'),
      `CREATE TABLE IF NOT EXISTS items (
        model TEXT NOT NULL,
        pk TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (model, pk)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
    );
    const p = (sql: string) => this.db.prepare(sql);
    this.stmts = {
      get: p('SELECT pk, data FROM items WHERE model = ? AND pk = ?'),
      pageAsc: p('SELECT pk, data FROM items WHERE model = ? AND pk > ? ORDER BY pk ASC LIMIT ?'),
      pageDesc: p('SELECT pk, data FROM items WHERE model = ? AND pk < ? ORDER BY pk DESC LIMIT ?'),
      pageDescFirst: p('SELECT pk, data FROM items WHERE model = ? ORDER BY pk DESC LIMIT ?'),
      insert: p('INSERT INTO items (model, pk, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      cas: p('UPDATE items SET data = ? WHERE model = ? AND pk = ? AND data = ?'),
      deleteIf: p('DELETE FROM items WHERE model = ? AND pk = ? AND data = ?'),
      count: p('SELECT COUNT(*) AS n FROM items WHERE model = ?'),
      metaGet: p('SELECT value FROM meta WHERE key = ?'),
      metaSet: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  static keyOf(keyFields: string[], values: Record<string, unknown>): string {
    return keyFields.length === 1
      ? String(values[keyFields[0]!])
      : JSON.stringify(keyFields.map((f) => values[f] ?? null));
  }

  get(model: string, pk: string): StoredItem | undefined {
    const row = this.stmts['get']!.get(model, pk) as { pk: string; data: string } | undefined;
    return row && { pk: row.pk, raw: row.data, item: JSON.parse(row.data) as Item };
  }

  /** Up to `limit` records after `after` (exclusive) in key order. */
  page(model: string, after: string | null, limit: number, desc = false): StoredItem[] {
    const rows = (
      desc
        ? after === null
          ? this.stmts['pageDescFirst']!.all(model, limit)
          : this.stmts['pageDesc']!.all(model, after, limit)
        : this.stmts['pageAsc']!.all(model, after ?? '', limit)
    ) as { pk: string; data: string }[];
    return rows.map((r) => ({ pk: r.pk, raw: r.data, item: JSON.parse(r.data) as Item }));
  }

  /**
   * Up to `limit` records in a secondary index's order: those whose partition field holds the
   * value and that have the sort field (an index holds no record without its keys), by sort value
   * then primary key.
   */
  query(model: string, q: IndexQuery): (StoredItem & { sort: KeyValue })[] {
    const cmp = q.desc ? '<' : '>';
    const condition = q.sort.op ? `AND ${SORT_CONDITIONS[q.sort.op].replaceAll('?1', '?')}` : '';
    const sql = `SELECT pk, data, sk FROM (
        SELECT pk, data, json_extract(data, ?) AS part, json_extract(data, ?) AS sk FROM items WHERE model = ?
      ) WHERE part = ? AND sk IS NOT NULL ${condition}
      ${q.after ? `AND (sk ${cmp} ? OR (sk = ? AND pk ${cmp} ?))` : ''}
      ORDER BY sk ${q.desc ? 'DESC' : 'ASC'}, pk ${q.desc ? 'DESC' : 'ASC'} LIMIT ?`;
    let stmt = this.queries.get(sql);
    if (!stmt) this.queries.set(sql, (stmt = this.db.prepare(sql)));
    const sortArgs = q.sort.op === 'beginsWith' ? [q.sort.values![0]!, q.sort.values![0]!] : (q.sort.values ?? []);
    const rows = stmt.all(
      jsonPath(q.partition.field),
      jsonPath(q.sort.field),
      model,
      q.partition.value,
      ...sortArgs,
      ...(q.after ? [q.after.sort, q.after.sort, q.after.pk] : []),
      q.limit,
    ) as { pk: string; data: string; sk: KeyValue }[];
    return rows.map((r) => ({ pk: r.pk, raw: r.data, item: JSON.parse(r.data) as Item, sort: r.sk }));
  }

  /** Inserts unless the key exists; false when it does. */
  insert(model: string, pk: string, item: Item): boolean {
    return this.stmts['insert']!.run(model, pk, JSON.stringify(item)).changes === 1;
  }

  /** Atomic compare-and-set: replaces the record only if it is still exactly `expectedRaw`. */
  compareAndSet(model: string, pk: string, expectedRaw: string, item: Item): boolean {
    return this.stmts['cas']!.run(JSON.stringify(item), model, pk, expectedRaw).changes === 1;
  }

  deleteIf(model: string, pk: string, expectedRaw: string): boolean {
    return this.stmts['deleteIf']!.run(model, pk, expectedRaw).changes === 1;
  }

  count(model: string): number {
    return Number((this.stmts['count']!.get(model) as { n: number }).n);
  }

  meta(key: string): string | undefined {
    return (this.stmts['metaGet']!.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmts['metaSet']!.run(key, value);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  close(): void {
    this.db.close();
  }
}

const jsonPath = (field: string) => `$."${field.replaceAll('"', '\\"')}"`;

import { itemSize } from '../data/dynamodb-limits.ts';
import type { ItemStore, StoredItem } from '../data/store.ts';
import {
  compareUtf8,
  compareValues,
  sameValue,
  toAttributeMap,
  type AttributeMap,
  type AttributeValue,
} from './attribute-values.ts';
import { validation } from './errors.ts';
import { matches, project } from './expression-eval.ts';
import { parseCondition, parseProjection, Placeholders, type Condition, type Path } from './expression-parser.ts';
import { PageBuilder, readOptions } from './read-page.ts';
import { justBelow, segmentOf, segmentRange } from './scan-segments.ts';
import { keyOfItem, storeKey, storeKeyOf, type LocalTable, type TableSet } from './tables.ts';

type Body = Record<string, unknown>;

/** BatchGetItem answers at most 16 MB; the keys past that come back as UnprocessedKeys. */
export const BATCH_BYTES = 16 * 1024 * 1024;
export const BATCH_KEYS = 100;
const CHUNK = 500;

/** Scan, Query, GetItem and BatchGetItem over the records the GraphQL API keeps. */
export class TableReader {
  constructor(
    private readonly store: ItemStore,
    private readonly tables: TableSet,
  ) {}

  scan(body: Body): Body {
    const table = this.tables.get(body['TableName']);
    const index = this.tables.index(table, body['IndexName']);
    const { options, placeholders } = readOptions(body, true);
    const segment = segmentOf(body);
    placeholders.checkAllUsed();
    const { low, high } = segment ? segmentRange(table, segment.segment, segment.total) : {};
    let after: string | null = low === undefined ? null : justBelow(low);
    if (body['ExclusiveStartKey'] !== undefined) {
      after = storeKey(table, this.tableKeyPart(table, body['ExclusiveStartKey']));
      if ((low !== undefined && compareUtf8(after, low) < 0) || (high !== undefined && compareUtf8(after, high) >= 0)) {
        throw validation('The provided Exclusive start key does not map to the provided segment');
      }
    }
    const page = new PageBuilder(options, (item) => keyOfItem(table, item, index));
    for (;;) {
      const rows = this.store.page(table.model, after, CHUNK);
      for (const row of rows) {
        after = row.pk;
        if (low !== undefined && compareUtf8(row.pk, low) < 0) continue;
        if (high !== undefined && compareUtf8(row.pk, high) >= 0) return page.result();
        // A sparse index holds only the items with its key attributes.
        if (index && (row.item[index.hash.name] == null || (index.range && row.item[index.range.name] == null)))
          continue;
        if (!page.add(toAttributeMap(row.item), itemSize(row.item))) return page.result();
      }
      if (rows.length < CHUNK) return page.result();
    }
  }

  query(body: Body): Body {
    const table = this.tables.get(body['TableName']);
    const index = this.tables.index(table, body['IndexName']);
    const { options, placeholders } = readOptions(body, true);
    const keyText = body['KeyConditionExpression'];
    if (typeof keyText !== 'string') {
      throw validation(
        'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
      );
    }
    const keyCondition = parseCondition(keyText, 'KeyConditionExpression', placeholders);
    placeholders.checkAllUsed();
    const hash = index?.hash ?? table.hash;
    const range = index ? index.range : table.range;
    const { partition, sort } = splitKeyCondition(keyCondition, hash.name, range?.name);
    if (table.compositeRange && !index) storeKey(table, {}); // refuses with the reason

    const candidates = index ? this.all(table) : this.partition(table, partition);
    const inRange = candidates.filter(
      (c) =>
        c.item[hash.name] !== undefined && sameValue(c.item[hash.name]!, partition) && (!sort || matches(c.item, sort)),
    );
    const order = (a: Candidate, b: Candidate) =>
      (range ? (compareValues(a.item[range.name]!, b.item[range.name]!) ?? 0) : 0) || compareUtf8(a.pk, b.pk);
    inRange.sort(order);
    if (body['ScanIndexForward'] === false) inRange.reverse();

    let start = 0;
    const startKey = body['ExclusiveStartKey'] as AttributeMap | undefined;
    if (startKey !== undefined) {
      const probe: Candidate = { pk: storeKey(table, this.tableKeyPart(table, startKey)), item: startKey, size: 0 };
      const forward = body['ScanIndexForward'] !== false;
      start = inRange.findIndex((c) => (forward ? order(c, probe) > 0 : order(c, probe) < 0));
      if (start < 0) start = inRange.length;
    }
    const page = new PageBuilder(options, (item) => keyOfItem(table, item, index));
    for (let i = start; i < inRange.length; i++) {
      if (!page.add(inRange[i]!.item, inRange[i]!.size)) break;
    }
    return page.result();
  }

  getItem(body: Body): Body {
    const table = this.tables.get(body['TableName']);
    const placeholders = new Placeholders(body['ExpressionAttributeNames'] as Record<string, string> | undefined);
    const text = body['ProjectionExpression'];
    const projection = typeof text === 'string' ? parseProjection(text, placeholders) : undefined;
    placeholders.checkAllUsed();
    const stored = this.store.get(table.model, storeKey(table, body['Key']));
    if (!stored) return {};
    const item = toAttributeMap(stored.item);
    return { Item: projection ? project(item, projection) : item };
  }

  batchGetItem(body: Body): Body {
    const request = (body['RequestItems'] ?? {}) as Record<
      string,
      {
        Keys?: unknown[];
        ProjectionExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ConsistentRead?: boolean;
      }
    >;
    const names = Object.keys(request);
    if (names.length === 0) {
      throw validation(
        "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    }
    const total = names.reduce((n, name) => n + (request[name]!.Keys?.length ?? 0), 0);
    if (total > BATCH_KEYS) throw validation('Too many items requested for the BatchGetItem call');
    const plans = names.map((name) => {
      const table = this.tables.get(name);
      const spec = request[name]!;
      const keys = spec.Keys ?? [];
      if (keys.length === 0) {
        throw validation(
          `1 validation error detected: Value at 'requestItems.${name}.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1`,
        );
      }
      const placeholders = new Placeholders(spec.ExpressionAttributeNames);
      const projection = spec.ProjectionExpression
        ? parseProjection(spec.ProjectionExpression, placeholders)
        : undefined;
      placeholders.checkAllUsed();
      const storeKeys = keys.map((k) => storeKey(table, k));
      if (new Set(storeKeys).size !== storeKeys.length)
        throw validation('Provided list of item keys contains duplicates');
      return { name, table, spec, keys, storeKeys, projection };
    });
    const responses: Record<string, AttributeMap[]> = {};
    const unprocessed: Record<string, Body> = {};
    let bytes = 0;
    for (const plan of plans) {
      responses[plan.name] = [];
      plan.storeKeys.forEach((pk, i) => {
        if (bytes >= BATCH_BYTES) {
          const left = (unprocessed[plan.name] ??= { ...plan.spec, Keys: [] }) as { Keys: unknown[] };
          left.Keys.push(plan.keys[i]);
          return;
        }
        const stored = this.store.get(plan.table.model, pk);
        if (!stored) return;
        bytes += itemSize(stored.item);
        const item = toAttributeMap(stored.item);
        responses[plan.name]!.push(plan.projection ? project(item, plan.projection) : item);
      });
    }
    return { Responses: responses, UnprocessedKeys: unprocessed };
  }

  /** The table's own key attributes out of a start key that may also carry an index's. */
  private tableKeyPart(table: LocalTable, key: unknown): AttributeMap {
    const given = (key ?? {}) as AttributeMap;
    const part: AttributeMap = {};
    for (const el of [table.hash, table.range]) if (el && given[el.name]) part[el.name] = given[el.name]!;
    return part;
  }

  /** The stored items of one partition of a table with a sort key (one item for a table without). */
  private partition(table: LocalTable, partition: AttributeValue): Candidate[] {
    const value = 'S' in partition ? partition.S : 'N' in partition ? Number(partition.N) : undefined;
    if (value === undefined) return [];
    if (!table.range) {
      const stored = this.store.get(table.model, storeKeyOf(table, { [table.hash.name]: value }));
      return stored ? [candidate(stored)] : [];
    }
    const prefix = JSON.stringify([value]).slice(0, -1) + ',';
    const out: Candidate[] = [];
    let after = prefix;
    for (;;) {
      const rows = this.store.page(table.model, after, CHUNK);
      for (const row of rows) {
        if (!row.pk.startsWith(prefix)) return out;
        out.push(candidate(row));
        after = row.pk;
      }
      if (rows.length < CHUNK) return out;
    }
  }

  private all(table: LocalTable): Candidate[] {
    const out: Candidate[] = [];
    let after: string | null = null;
    for (;;) {
      const rows = this.store.page(table.model, after, CHUNK);
      for (const row of rows) out.push(candidate(row));
      if (rows.length < CHUNK) return out;
      after = rows[rows.length - 1]!.pk;
    }
  }
}

interface Candidate {
  pk: string;
  item: AttributeMap;
  size: number;
}

const candidate = (row: StoredItem): Candidate => ({
  pk: row.pk,
  item: toAttributeMap(row.item),
  size: itemSize(row.item),
});

/** A key condition: equality on the partition key, and at most one condition on the sort key. */
function splitKeyCondition(
  cond: Condition,
  hash: string,
  range: string | undefined,
): { partition: AttributeValue; sort?: Condition } {
  const terms = cond.kind === 'and' ? [cond.left, cond.right] : [cond];
  if (terms.some((t) => t.kind === 'and' || t.kind === 'or' || t.kind === 'not' || t.kind === 'in')) {
    throw validation(
      'Invalid operator used in KeyConditionExpression: ' +
        (terms.find((t) => t.kind !== 'compare')?.kind.toUpperCase() ?? ''),
    );
  }
  const attributeOf = (t: Condition): string | undefined =>
    t.kind === 'compare' && t.left.kind === 'path'
      ? String(t.left.path[0])
      : (t.kind === 'between' && t.operand.kind === 'path') || t.kind === 'function'
        ? String(t.kind === 'between' ? (t.operand as { path: Path }).path[0] : t.path[0])
        : undefined;
  const partitionTerm = terms.find((t) => attributeOf(t) === hash);
  if (!partitionTerm) throw validation(`Query condition missed key schema element: ${hash}`);
  if (partitionTerm.kind !== 'compare' || partitionTerm.op !== '=' || partitionTerm.right.kind !== 'value') {
    throw validation('Query key condition not supported');
  }
  const sort = terms.find((t) => t !== partitionTerm);
  if (sort) {
    const attribute = attributeOf(sort);
    if (!range || attribute !== range) {
      throw validation(`Query condition missed key schema element: ${range ?? hash}`);
    }
    const supported =
      (sort.kind === 'compare' && sort.op !== '<>') ||
      sort.kind === 'between' ||
      (sort.kind === 'function' && sort.name === 'begins_with');
    if (!supported) throw validation('Query key condition not supported');
  }
  return { partition: partitionTerm.right.value, ...(sort ? { sort } : {}) };
}

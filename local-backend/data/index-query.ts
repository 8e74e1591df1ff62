import { AppSyncError } from './errors.ts';
import type { Model, ModelIndex } from './models.ts';
import type { IndexQuery, KeyValue, StoredItem } from './store.ts';

type Args = Record<string, unknown>;
type SortOp = NonNullable<IndexQuery['sort']['op']>;
const SORT_OPS: readonly SortOp[] = ['eq', 'lt', 'le', 'gt', 'ge', 'between', 'beginsWith'];

const invalidToken = () => new AppSyncError('DynamoDB:DynamoDbException', 'Invalid pagination token given.');

/**
 * A secondary index's query field (`listXByY(partition, sortKey: {…}, sortDirection, …)`) as the
 * store's index query, with the token that resumes after a given record. One sort key only:
 * composite sort keys are refused rather than answered in a wrong order.
 */
export function indexQuery(
  model: Model,
  index: ModelIndex,
  args: Args,
  limit: number,
  desc: boolean,
): IndexQuery & { tokenAt(row: StoredItem): string } {
  if (index.sortKeys.length > 1) {
    throw new AppSyncError(
      'NotImplemented',
      `The local backend does not serve indexes with more than one sort key (${index.name}).`,
    );
  }
  // An index without a sort key orders by the primary key alone (the partition value is the same for all).
  const sortField = index.sortKeys[0] ?? index.partition;
  const condition = index.sortKeys[0] ? (args[sortField] as Record<string, unknown> | null | undefined) : undefined;
  const op = SORT_OPS.find((o) => condition?.[o] !== undefined && condition?.[o] !== null);
  const values = op ? [condition![op]].flat().map((v) => v as KeyValue) : undefined;
  if (op === 'between' && values?.length !== 2) {
    throw new AppSyncError('DynamoDB:DynamoDbException', 'between needs exactly two values.');
  }
  const tag = { m: model.name, i: index.name, d: desc ? 1 : 0 };
  return {
    partition: { field: index.partition, value: args[index.partition] as KeyValue },
    sort: { field: sortField, op, values },
    after: decode(args['nextToken'] as string | null | undefined, tag),
    limit,
    desc,
    tokenAt: (row) =>
      Buffer.from(JSON.stringify({ v: 1, ...tag, s: row.item[sortField], k: row.pk })).toString('base64url'),
  };
}

function decode(token: string | null | undefined, tag: { m: string; i: string; d: number }) {
  if (token === null || token === undefined) return null;
  let parsed: { v?: number; m?: string; i?: string; d?: number; s?: unknown; k?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalidToken();
  }
  const sortOk = typeof parsed.s === 'string' || typeof parsed.s === 'number';
  if (parsed.v !== 1 || parsed.m !== tag.m || parsed.i !== tag.i || parsed.d !== tag.d || !sortOk) throw invalidToken();
  if (typeof parsed.k !== 'string') throw invalidToken();
  return { sort: parsed.s as KeyValue, pk: parsed.k };
}

import type { DataService } from '../data/index.ts';
import { itemSize } from '../data/dynamodb-limits.ts';
import { BatchWriter, TRANSACT_ACTIONS } from './batch-writes.ts';
import { validation } from './errors.ts';
import { TableReader } from './read-ops.ts';
import { describe, type LocalTable, type TableSet } from './tables.ts';
import { TableWriter } from './write-ops.ts';

type Body = Record<string, unknown>;

/** An IAM action a request needs and the table (or index) ARN it needs it on; no table: every table (`table/*`). */
export interface Access {
  action: string;
  table?: LocalTable;
  index?: string;
}

export interface Operation {
  /** What the caller's policy must allow, checked before the operation runs. */
  access(body: Body): Access[];
  run(body: Body): Body;
}

/** Every operation the local DynamoDB serves, by its X-Amz-Target name. */
export function operationTable(store: DataService['store'], tables: TableSet): Record<string, Operation> {
  const reader = new TableReader(store, tables);
  const writer = new TableWriter(store, tables);
  const batches = new BatchWriter(store, writer);
  /** One action on the request's TableName (and IndexName, for a read of an index). */
  const onTable = (action: string) => (body: Body) => [
    {
      action,
      table: tables.get(body['TableName']),
      ...(typeof body['IndexName'] === 'string' ? { index: body['IndexName'] } : {}),
    },
  ];
  const onEachTable = (action: string) => (body: Body) =>
    Object.keys((body['RequestItems'] ?? {}) as object).map((n) => ({ action, table: tables.get(n) }));

  return {
    ListTables: { access: () => [{ action: 'ListTables' }], run: (body) => listTables(tables, body) },
    DescribeTable: {
      access: onTable('DescribeTable'),
      run: (body) => {
        const table = tables.get(body['TableName']);
        return { Table: describe(table, store.count(table.model), tableBytes(store, table)) };
      },
    },
    GetItem: { access: onTable('GetItem'), run: (body) => reader.getItem(body) },
    BatchGetItem: { access: onEachTable('BatchGetItem'), run: (body) => reader.batchGetItem(body) },
    Query: { access: onTable('Query'), run: (body) => reader.query(body) },
    Scan: { access: onTable('Scan'), run: (body) => reader.scan(body) },
    PutItem: { access: onTable('PutItem'), run: (body) => writer.putItem(body) },
    UpdateItem: { access: onTable('UpdateItem'), run: (body) => writer.updateItem(body) },
    DeleteItem: { access: onTable('DeleteItem'), run: (body) => writer.deleteItem(body) },
    BatchWriteItem: { access: onEachTable('BatchWriteItem'), run: (body) => batches.batchWriteItem(body) },
    // IAM has no TransactWriteItems action: each part needs its own (PutItem, …, ConditionCheckItem).
    TransactWriteItems: {
      access: (body) =>
        (Array.isArray(body['TransactItems']) ? (body['TransactItems'] as Body[]) : []).flatMap((entry) =>
          Object.keys(entry ?? {})
            .filter((kind) => kind in TRANSACT_ACTIONS)
            .map((kind) => ({
              action: TRANSACT_ACTIONS[kind]!,
              table: tables.get((entry[kind] as Body | undefined)?.['TableName']),
            })),
        ),
      run: (body) => batches.transactWriteItems(body),
    },
  };
}

function listTables(tables: TableSet, body: Body): Body {
  const limit = body['Limit'] === undefined ? 100 : Number(body['Limit']);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw validation(
      `1 validation error detected: Value '${String(body['Limit'])}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`,
    );
  }
  const start = typeof body['ExclusiveStartTableName'] === 'string' ? body['ExclusiveStartTableName'] : '';
  const names = tables.all
    .map((t) => t.name)
    .sort()
    .filter((n) => n > start);
  const page = names.slice(0, limit);
  return { TableNames: page, ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
}

/** TableSizeBytes, as DynamoDB counts items (it refreshes the figure every few hours; this one is current). */
function tableBytes(store: DataService['store'], table: LocalTable): number {
  let bytes = 0;
  let after: string | null = null;
  for (;;) {
    const rows = store.page(table.model, after, 1000);
    for (const row of rows) bytes += itemSize(row.item);
    if (rows.length < 1000) return bytes;
    after = rows[rows.length - 1]!.pk;
  }
}

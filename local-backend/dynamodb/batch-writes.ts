import type { ItemStore } from '../data/store.ts';
import { CONDITION_FAILED, DynamoDbError, validation } from './errors.ts';
import type { TableWriter, WritePlan } from './write-ops.ts';

type Body = Record<string, unknown>;

export const BATCH_WRITES = 25;
export const TRANSACTION_ITEMS = 100;

/** Which IAM action each part of a TransactWriteItems needs on its table. */
export const TRANSACT_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/** BatchWriteItem and TransactWriteItems: every request checked first, then written in one store transaction. */
export class BatchWriter {
  constructor(
    private readonly store: ItemStore,
    private readonly writer: TableWriter,
  ) {}

  batchWriteItem(body: Body): Body {
    const request = (body['RequestItems'] ?? {}) as Record<string, Body[]>;
    const names = Object.keys(request);
    if (names.length === 0) {
      throw validation(
        "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    }
    const total = names.reduce((n, name) => n + (Array.isArray(request[name]) ? request[name].length : 0), 0);
    if (total > BATCH_WRITES) throw validation('Too many items requested for the BatchWriteItem call');
    const plans: WritePlan[] = [];
    for (const name of names) {
      const writes = request[name];
      if (!Array.isArray(writes) || writes.length === 0) {
        throw validation(
          `1 validation error detected: Value at 'requestItems.${name}.member' failed to satisfy constraint: Member must have length greater than or equal to 1`,
        );
      }
      for (const write of writes) {
        const put = write?.['PutRequest'] as Body | undefined;
        const del = write?.['DeleteRequest'] as Body | undefined;
        if (!put === !del) {
          throw validation(`Each request of BatchWriteItem holds exactly one PutRequest or DeleteRequest (${name})`);
        }
        // A batch takes no expressions: only the item or key.
        plans.push(
          put
            ? this.writer.putPlan(name, { Item: put['Item'] }, 'PutItem')
            : this.writer.deletePlan(name, { Key: del!['Key'] }, 'DeleteItem'),
        );
      }
    }
    checkDistinct(plans, 'Provided list of item keys contains duplicates');
    this.store.transaction(() => plans.forEach((plan) => this.writer.run(plan)));
    // Every write is done at once here, so nothing is left for the caller to retry.
    return { UnprocessedItems: {} };
  }

  transactWriteItems(body: Body): Body {
    const items = body['TransactItems'];
    if (!Array.isArray(items) || items.length === 0 || items.length > TRANSACTION_ITEMS) {
      const bound =
        Array.isArray(items) && items.length > 0
          ? `less than or equal to ${TRANSACTION_ITEMS}`
          : 'greater than or equal to 1';
      throw validation(
        `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length ${bound}`,
      );
    }
    const plans = items.map((entry: Body) => {
      const kinds = Object.keys(entry ?? {}).filter((k) => k in TRANSACT_ACTIONS);
      if (kinds.length !== 1) {
        throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
      }
      const kind = kinds[0]!;
      const spec = entry[kind] as Body;
      if (kind === 'Put') return this.writer.putPlan(spec['TableName'], spec, 'TransactPut');
      if (kind === 'Update') return this.writer.updatePlan(spec['TableName'], spec, 'TransactUpdate');
      if (kind === 'Delete') return this.writer.deletePlan(spec['TableName'], spec, 'TransactDelete');
      return this.writer.conditionCheckPlan(spec['TableName'], spec);
    });
    checkDistinct(plans, 'Transaction request cannot include multiple operations on one item');
    const reasons: Body[] = plans.map(() => ({ Code: 'None' }));
    let failed = false;
    try {
      this.store.transaction(() => {
        plans.forEach((plan, i) => {
          try {
            this.writer.run(plan);
          } catch (err) {
            if (!(err instanceof DynamoDbError) || err.code !== 'ConditionalCheckFailedException') throw err;
            failed = true;
            reasons[i] = { Code: 'ConditionalCheckFailed', Message: CONDITION_FAILED, ...err.extra };
          }
        });
        // Every item's condition is checked (each failure reported in its place), then nothing is kept.
        if (failed) throw new TransactionCanceled();
      });
    } catch (err) {
      if (!(err instanceof TransactionCanceled)) throw err;
      throw new DynamoDbError(
        'TransactionCanceledException',
        `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r['Code']).join(', ')}]`,
        400,
        { CancellationReasons: reasons },
      );
    }
    return {};
  }
}

class TransactionCanceled extends Error {}

function checkDistinct(plans: WritePlan[], message: string): void {
  const keys = plans.map((p) => `${p.table.name}\u0000${p.pk}`);
  if (new Set(keys).size !== keys.length) throw validation(message);
}

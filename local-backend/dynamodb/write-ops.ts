import type { ItemStore } from '../data/store.ts';
import { toAttributeMap, type AttributeMap } from './attribute-values.ts';
import { conditionalCheckFailed, validation } from './errors.ts';
import { matches, project } from './expression-eval.ts';
import { parseCondition, Placeholders, type Condition, type Path } from './expression-parser.ts';
import { checkSize, itemStoreKey, toStoredItem } from './stored-items.ts';
import { storeKey, type LocalTable, type TableSet } from './tables.ts';
import { applyUpdate } from './update-apply.ts';
import { parseUpdate, updatedPaths } from './update-expression.ts';

type Body = Record<string, unknown>;

/** One item's write, checked and ready: run it against the stored item inside a store transaction. */
export interface WritePlan {
  table: LocalTable;
  pk: string;
  condition?: Condition;
  /** ReturnValuesOnConditionCheckFailure: ALL_OLD. */
  itemOnFailure: boolean;
  /** The item after the write (undefined: deleted), from the item before it (undefined: none); omitted for a ConditionCheck. */
  next?: (old: AttributeMap | undefined) => AttributeMap | undefined;
  /** What ReturnValues asks for. */
  returnValues: string;
  updated?: Path[];
}

export interface WriteResult {
  old?: AttributeMap;
  next?: AttributeMap;
}

/**
 * PutItem, UpdateItem and DeleteItem on the records the GraphQL API keeps, with their conditions.
 * Writes here do not fire the GraphQL API's subscriptions: in AWS a direct table write bypasses
 * AppSync's resolvers, so its subscribers hear nothing either.
 */
export class TableWriter {
  constructor(
    private readonly store: ItemStore,
    private readonly tables: TableSet,
  ) {}

  putItem(body: Body): Body {
    const plan = this.putPlan(body['TableName'], body, 'PutItem');
    return answer(
      plan,
      this.store.transaction(() => this.run(plan)),
    );
  }

  deleteItem(body: Body): Body {
    const plan = this.deletePlan(body['TableName'], body, 'DeleteItem');
    return answer(
      plan,
      this.store.transaction(() => this.run(plan)),
    );
  }

  updateItem(body: Body): Body {
    const plan = this.updatePlan(body['TableName'], body, 'UpdateItem');
    return answer(
      plan,
      this.store.transaction(() => this.run(plan)),
    );
  }

  putPlan(tableName: unknown, spec: Body, operation: string): WritePlan {
    const table = this.tables.get(tableName);
    const item = (spec['Item'] ?? {}) as AttributeMap;
    const pk = itemStoreKey(table, item);
    checkSize(toStoredItem(item));
    const { condition, placeholders } = conditionOf(spec);
    placeholders.checkAllUsed();
    return { ...common(table, pk, spec, operation, condition), next: () => item };
  }

  deletePlan(tableName: unknown, spec: Body, operation: string): WritePlan {
    const table = this.tables.get(tableName);
    const pk = storeKey(table, spec['Key']);
    const { condition, placeholders } = conditionOf(spec);
    placeholders.checkAllUsed();
    return { ...common(table, pk, spec, operation, condition), next: () => undefined };
  }

  conditionCheckPlan(tableName: unknown, spec: Body): WritePlan {
    const table = this.tables.get(tableName);
    const pk = storeKey(table, spec['Key']);
    const { condition, placeholders } = conditionOf(spec);
    if (!condition) throw validation('ConditionExpression must be specified for a ConditionCheck');
    placeholders.checkAllUsed();
    return common(table, pk, spec, 'ConditionCheck', condition);
  }

  updatePlan(tableName: unknown, spec: Body, operation: string): WritePlan {
    const table = this.tables.get(tableName);
    const key = spec['Key'] as AttributeMap;
    const pk = storeKey(table, key);
    const { condition, placeholders } = conditionOf(spec);
    const text = spec['UpdateExpression'];
    const actions =
      typeof text === 'string' ? parseUpdate(text, placeholders) : { set: [], remove: [], add: [], delete: [] };
    placeholders.checkAllUsed();
    const updated = updatedPaths(actions);
    const keyNames = table.range ? [table.hash.name, table.range.name] : [table.hash.name];
    for (const path of updated) {
      if (keyNames.includes(path[0] as string)) {
        throw validation(
          `One or more parameter values were invalid: Cannot update attribute ${String(path[0])}. This attribute is part of the key`,
        );
      }
    }
    return {
      ...common(table, pk, spec, operation, condition),
      updated,
      // A missing item is created from its key, as DynamoDB's UpdateItem does.
      next: (old) => applyUpdate(old ?? structuredClone(key), actions),
    };
  }

  /** Checks the condition against the stored item and writes; call inside a store transaction. */
  run(plan: WritePlan): WriteResult {
    const stored = this.store.get(plan.table.model, plan.pk);
    const old = stored ? toAttributeMap(stored.item) : undefined;
    if (plan.condition && !matches(old ?? {}, plan.condition)) {
      throw conditionalCheckFailed(plan.itemOnFailure ? old : undefined);
    }
    if (!plan.next) return { old };
    const next = plan.next(old);
    if (next === undefined) {
      if (stored) this.store.deleteIf(plan.table.model, plan.pk, stored.raw);
      return { old };
    }
    const item = toStoredItem(next);
    checkSize(item, plan.updated ? 'Item size to update has exceeded the maximum allowed size' : undefined);
    if (stored) this.store.compareAndSet(plan.table.model, plan.pk, stored.raw, item);
    else this.store.insert(plan.table.model, plan.pk, item);
    return { old, next };
  }
}

function conditionOf(spec: Body): { condition?: Condition; placeholders: Placeholders } {
  const placeholders = new Placeholders(
    spec['ExpressionAttributeNames'] as Record<string, string> | undefined,
    spec['ExpressionAttributeValues'] as Record<string, unknown> | undefined,
  );
  const text = spec['ConditionExpression'];
  const condition = typeof text === 'string' ? parseCondition(text, 'ConditionExpression', placeholders) : undefined;
  return { condition, placeholders };
}

const RETURN_VALUES: Record<string, string[]> = {
  PutItem: ['NONE', 'ALL_OLD'],
  DeleteItem: ['NONE', 'ALL_OLD'],
  UpdateItem: ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'],
};

function common(table: LocalTable, pk: string, spec: Body, operation: string, condition?: Condition): WritePlan {
  const returnValues = spec['ReturnValues'] === undefined ? 'NONE' : String(spec['ReturnValues']);
  const allowed = RETURN_VALUES[operation];
  if (allowed && !allowed.includes(returnValues)) {
    throw validation(
      operation === 'UpdateItem'
        ? `1 validation error detected: Value '${returnValues}' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`
        : 'ReturnValues can only be ALL_OLD or NONE',
    );
  }
  const onFailure = spec['ReturnValuesOnConditionCheckFailure'];
  if (onFailure !== undefined && onFailure !== 'NONE' && onFailure !== 'ALL_OLD') {
    throw validation(
      `1 validation error detected: Value '${String(onFailure)}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
    );
  }
  return { table, pk, condition, itemOnFailure: onFailure === 'ALL_OLD', returnValues };
}

/** The Attributes a write returns for its ReturnValues. */
function answer(plan: WritePlan, result: WriteResult): Body {
  const attributes =
    plan.returnValues === 'ALL_OLD'
      ? result.old
      : plan.returnValues === 'ALL_NEW'
        ? result.next
        : plan.returnValues === 'UPDATED_OLD'
          ? result.old && project(result.old, plan.updated ?? [])
          : plan.returnValues === 'UPDATED_NEW'
            ? result.next && project(result.next, plan.updated ?? [])
            : undefined;
  return attributes && Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
}

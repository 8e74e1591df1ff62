import { randomBytes } from 'node:crypto';
import type { IntrospectionModel, ModelIntrospection } from '../data/schema-loader.ts';
import type { ItemStore } from '../data/store.ts';
import { keyValue, type AttributeMap, type AttributeValue } from './attribute-values.ts';
import { resourceNotFound, validation } from './errors.ts';

export const ACCOUNT = '000000000000';
/** What Amplify Gen 2 puts last in a model's table name (sandbox and branch deployments alike). */
export const ENVIRONMENT = 'NONE';

export interface KeyElement {
  name: string;
  type: 'S' | 'N';
}

export interface TableIndex {
  name: string;
  hash: KeyElement;
  range?: KeyElement;
}

/** A model's table as Amplify Gen 2 creates it in the cloud. */
export interface LocalTable {
  /** `<Model>-<apiId>-NONE`, as `backend.data.resources.tables[model].tableName` resolves. */
  name: string;
  model: string;
  arn: string;
  hash: KeyElement;
  range?: KeyElement;
  /** More than one sort key field: the cloud keys such a table on one composite attribute (`a#b`), not served here. */
  compositeRange: boolean;
  /** The fields ItemStore keys the model's records on (partition key first). */
  keyFields: string[];
  indexes: TableIndex[];
}

const NUMERIC = new Set(['Int', 'Float', 'AWSTimestamp']);

function keyElement(model: IntrospectionModel, field: string): KeyElement {
  const type = model.fields[field]?.type;
  return { name: field, type: typeof type === 'string' && NUMERIC.has(type) ? 'N' : 'S' };
}

/** The API id the table names carry: made once per data directory and kept in the records' store. */
export function localApiId(store: ItemStore): string {
  let id = store.meta('dynamodbApiId');
  if (!id) {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    id = [...randomBytes(26)].map((b) => alphabet[b % alphabet.length]).join('');
    store.setMeta('dynamodbApiId', id);
  }
  return id;
}

/** Every model's table: key schema from the primary key, global secondary indexes from its secondary indexes. */
export function modelTables(introspection: ModelIntrospection, apiId: string, region: string): LocalTable[] {
  return Object.values(introspection.models).map((m) => {
    const name = `${m.name}-${apiId}-${ENVIRONMENT}`;
    const sortKeys = m.primaryKeyInfo.sortKeyFieldNames;
    const indexes: TableIndex[] = [];
    for (const attr of m.attributes) {
      const props = attr.properties as { name?: string; fields?: string[] } | undefined;
      if (attr.type !== 'key' || !props?.name || !props.fields?.length || props.fields.length > 2) continue;
      indexes.push({
        name: props.name,
        hash: keyElement(m, props.fields[0]!),
        ...(props.fields[1] ? { range: keyElement(m, props.fields[1]) } : {}),
      });
    }
    return {
      name,
      model: m.name,
      arn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${name}`,
      hash: keyElement(m, m.primaryKeyInfo.primaryKeyFieldName),
      ...(sortKeys.length === 1 ? { range: keyElement(m, sortKeys[0]!) } : {}),
      compositeRange: sortKeys.length > 1,
      keyFields: [m.primaryKeyInfo.primaryKeyFieldName, ...sortKeys],
      indexes,
    };
  });
}

/** The key attributes of a stored item (for LastEvaluatedKey), with an index's keys when one is read. */
export function keyOfItem(table: LocalTable, item: AttributeMap, index?: TableIndex): AttributeMap {
  const key: AttributeMap = {};
  for (const el of [table.hash, table.range, index?.hash, index?.range]) {
    if (el && item[el.name]) key[el.name] = item[el.name]!;
  }
  return key;
}

/** The ItemStore key of a DynamoDB primary key, refused unless it has exactly the table's key attributes of their types. */
export function storeKey(table: LocalTable, key: unknown): string {
  if (table.compositeRange) {
    throw validation(
      `The local backend does not serve key lookups on ${table.name}: its sort key has ${table.keyFields.length - 1} fields (a composite key attribute)`,
    );
  }
  const given = (key && typeof key === 'object' ? key : {}) as Record<string, AttributeValue>;
  const elements = table.range ? [table.hash, table.range] : [table.hash];
  if (Object.keys(given).length !== elements.length)
    throw validation('The provided key element does not match the schema');
  const values: Record<string, string | number> = {};
  for (const el of elements) {
    const v = given[el.name];
    if (!v || !(el.type in v)) throw validation('The provided key element does not match the schema');
    values[el.name] = keyValue(v, '');
  }
  return storeKeyOf(table, values);
}

export function storeKeyOf(table: LocalTable, values: Record<string, unknown>): string {
  return table.keyFields.length === 1
    ? String(values[table.keyFields[0]!])
    : JSON.stringify(table.keyFields.map((f) => values[f] ?? null));
}

/** DescribeTable's TableDescription for a table. */
export function describe(table: LocalTable, itemCount: number, sizeBytes: number) {
  const attrs = new Map<string, KeyElement>();
  for (const el of [table.hash, table.range, ...table.indexes.flatMap((i) => [i.hash, i.range])]) {
    if (el) attrs.set(el.name, el);
  }
  const schema = (hash: KeyElement, range?: KeyElement) => [
    { AttributeName: hash.name, KeyType: 'HASH' },
    ...(range ? [{ AttributeName: range.name, KeyType: 'RANGE' }] : []),
  ];
  return {
    TableName: table.name,
    TableArn: table.arn,
    TableId: table.arn.split(':').slice(-1)[0],
    TableStatus: 'ACTIVE',
    AttributeDefinitions: [...attrs.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: schema(table.hash, table.range),
    ItemCount: itemCount,
    TableSizeBytes: sizeBytes,
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    DeletionProtectionEnabled: false,
    ...(table.indexes.length
      ? {
          GlobalSecondaryIndexes: table.indexes.map((i) => ({
            IndexName: i.name,
            IndexArn: `${table.arn}/index/${i.name}`,
            IndexStatus: 'ACTIVE',
            KeySchema: schema(i.hash, i.range),
            Projection: { ProjectionType: 'ALL' },
            ItemCount: itemCount,
          })),
        }
      : {}),
  };
}

export class TableSet {
  private readonly byName: Map<string, LocalTable>;

  constructor(readonly all: LocalTable[]) {
    this.byName = new Map(all.map((t) => [t.name, t]));
  }

  byModel(model: string): LocalTable | undefined {
    return this.all.find((t) => t.model === model);
  }

  /** A table by its name (or ARN, as DynamoDB also accepts). */
  get(nameOrArn: unknown): LocalTable {
    if (typeof nameOrArn !== 'string' || nameOrArn.length < 1) {
      throw validation(
        `1 validation error detected: Value '${String(nameOrArn ?? 'null')}' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1`,
      );
    }
    const name = nameOrArn.startsWith('arn:') ? (nameOrArn.split(':table/')[1] ?? '') : nameOrArn;
    const table = this.byName.get(name);
    if (!table) throw resourceNotFound();
    return table;
  }

  index(table: LocalTable, name: unknown): TableIndex | undefined {
    if (name === undefined) return undefined;
    const index = table.indexes.find((i) => i.name === name);
    if (!index) {
      throw validation(`The table does not have the specified index: ${String(name)}`);
    }
    return index;
  }
}

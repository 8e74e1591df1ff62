import { itemSize, MAX_ITEM_BYTES } from '../data/dynamodb-limits.ts';
import type { Item } from '../data/store.ts';
import {
  checkAttributeValue,
  STORED_TYPES,
  typeOf,
  type AttributeMap,
  type AttributeValue,
  type StoredTypes,
} from './attribute-values.ts';
import { validation } from './errors.ts';
import { storeKeyOf, type LocalTable } from './tables.ts';

const invalid = (detail: string) => validation(`One or more parameter values were invalid: ${detail}`);

/**
 * An item as the store keeps records (the GraphQL API's plain JSON shape), checked value by value
 * as DynamoDB checks what it is sent. Nothing is added: no __typename, createdAt or updatedAt.
 */
export function toStoredItem(item: AttributeMap): Item {
  const types: StoredTypes = {};
  const out: Item = {};
  for (const [name, value] of Object.entries(item)) {
    if (name === STORED_TYPES) throw invalid(`The attribute name ${STORED_TYPES} is kept by the local backend`);
    out[name] = plain(value, [name], types);
  }
  if (Object.keys(types).length > 0) out[STORED_TYPES] = types;
  return out;
}

function plain(value: AttributeValue, path: (string | number)[], types: StoredTypes): unknown {
  checkAttributeValue(value, path.join('.'));
  const type = typeOf(value);
  switch (type) {
    case 'S':
      return (value as { S: string }).S;
    case 'N':
      return Number((value as { N: string }).N);
    case 'BOOL':
      return (value as { BOOL: boolean }).BOOL;
    case 'NULL':
      return null;
    case 'L':
      return (value as { L: AttributeValue[] }).L.map((v, i) => plain(v, [...path, i], types));
    case 'M': {
      const out: Item = {};
      for (const [k, v] of Object.entries((value as { M: AttributeMap }).M)) out[k] = plain(v, [...path, k], types);
      return out;
    }
    case 'B':
      types[JSON.stringify(path)] = 'B';
      return (value as { B: string }).B;
    default: {
      const members = (value as Record<string, string[]>)[type]!;
      const normal = type === 'NS' ? members.map((n) => String(Number(n))) : members;
      if (new Set(normal).size !== normal.length) {
        throw invalid(`Input collection [${members.join(', ')}] contains duplicates.`);
      }
      types[JSON.stringify(path)] = type as 'SS' | 'NS' | 'BS';
      return type === 'NS' ? members.map(Number) : [...members];
    }
  }
}

/** The ItemStore key of a whole item, refused as DynamoDB does when a key attribute is missing, mistyped or empty. */
export function itemStoreKey(table: LocalTable, item: AttributeMap): string {
  if (table.compositeRange) {
    throw validation(
      `The local backend does not serve writes to ${table.name}: its sort key has ${table.keyFields.length - 1} fields (a composite key attribute)`,
    );
  }
  const values: Record<string, unknown> = {};
  for (const el of table.range ? [table.hash, table.range] : [table.hash]) {
    const value = item[el.name];
    if (value === undefined) throw invalid(`Missing the key ${el.name} in the item`);
    const type = value && typeof value === 'object' ? Object.keys(value)[0] : undefined;
    if (type !== el.type) throw invalid(`Type mismatch for key ${el.name} expected: ${el.type} actual: ${type ?? ''}`);
    if (type === 'S' && (value as { S: string }).S === '') {
      throw validation(
        `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${el.name}`,
      );
    }
    values[el.name] = type === 'N' ? Number((value as { N: string }).N) : (value as { S: string }).S;
  }
  return storeKeyOf(table, values);
}

/** DynamoDB's 400 KB item limit, counted over the item's names and values. */
export function checkSize(item: Item, message = 'Item size has exceeded the maximum allowed size'): void {
  const { [STORED_TYPES]: _types, ...attributes } = item;
  if (itemSize(attributes) > MAX_ITEM_BYTES) throw validation(message);
}

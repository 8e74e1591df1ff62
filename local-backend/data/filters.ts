import { AppSyncError } from './errors.ts';

type Filter = Record<string, unknown>;

/**
 * Evaluates an Amplify model filter or condition (`ModelXFilterInput`, `ModelXConditionInput`,
 * `ModelSubscriptionXFilterInput`) against a stored record, with DynamoDB's semantics: a missing
 * attribute fails every comparison except `ne`/`notContains`/`attributeExists: false`, values
 * of different types never compare.
 */
export function matches(item: Record<string, unknown> | undefined, filter: Filter | null | undefined): boolean {
  if (!filter) return true;
  for (const [key, cond] of Object.entries(filter)) {
    if (cond === null || cond === undefined) continue;
    if (key === 'and') {
      if (!(cond as Filter[]).every((f) => matches(item, f))) return false;
    } else if (key === 'or') {
      const list = (cond as Filter[]).filter(Boolean);
      if (list.length && !list.some((f) => matches(item, f))) return false;
    } else if (key === 'not') {
      if (matches(item, cond as Filter)) return false;
    } else if (!fieldMatches(item, key, cond as Filter)) return false;
  }
  return true;
}

function fieldMatches(item: Record<string, unknown> | undefined, field: string, ops: Filter): boolean {
  const exists = !!item && Object.hasOwn(item, field) && item[field] !== undefined;
  const value = exists ? item![field] : undefined;
  for (const [op, arg] of Object.entries(ops)) {
    if (arg === undefined) continue;
    if (!operatorMatches(op, exists, value, arg)) return false;
  }
  return true;
}

function operatorMatches(op: string, exists: boolean, value: unknown, arg: unknown): boolean {
  switch (op) {
    case 'eq':
      return exists && equal(value, arg);
    case 'ne':
      return !exists || !equal(value, arg);
    case 'lt':
      return exists && compare(value, arg) < 0;
    case 'le':
      return exists && compare(value, arg) <= 0;
    case 'gt':
      return exists && compare(value, arg) > 0;
    case 'ge':
      return exists && compare(value, arg) >= 0;
    case 'between': {
      const [lo, hi] = betweenBounds(arg);
      return exists && compare(value, lo) >= 0 && compare(value, hi) <= 0;
    }
    case 'beginsWith':
      return exists && typeof value === 'string' && typeof arg === 'string' && value.startsWith(arg);
    case 'contains':
      return exists && contains(value, arg);
    case 'notContains':
      return !exists || !contains(value, arg);
    case 'attributeExists':
      return arg === null || exists === arg;
    case 'attributeType':
      return exists && typeName(value) === arg;
    case 'size': {
      const size = exists ? sizeOf(value) : undefined;
      return size !== undefined && matches({ s: size }, { s: arg as Filter });
    }
    case 'in':
      return exists && Array.isArray(arg) && arg.some((a) => equal(value, a));
    case 'notIn':
      return !exists || !Array.isArray(arg) || !arg.some((a) => equal(value, a));
    default:
      throw new AppSyncError('DynamoDB:DynamoDbException', `Invalid filter operator: ${op}`);
  }
}

function betweenBounds(arg: unknown): [unknown, unknown] {
  if (!Array.isArray(arg) || arg.length !== 2) {
    throw new AppSyncError('DynamoDB:DynamoDbException', 'The BETWEEN operator requires two values');
  }
  if (!(compare(arg[0], arg[1]) <= 0)) {
    throw new AppSyncError(
      'DynamoDB:DynamoDbException',
      'Invalid FilterExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound',
    );
  }
  return [arg[0], arg[1]];
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' && typeof b === 'object' && a && b) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** NaN when the two cannot be compared (different or unordered types): every test then fails. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return NaN;
}

function contains(value: unknown, arg: unknown): boolean {
  if (typeof value === 'string') return typeof arg === 'string' && value.includes(arg);
  if (Array.isArray(value)) return value.some((v) => equal(v, arg));
  return false;
}

function typeName(value: unknown): string {
  if (value === null) return '_null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'map';
  }
}

function sizeOf(value: unknown): number | undefined {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') return Object.keys(value).length;
  return undefined;
}

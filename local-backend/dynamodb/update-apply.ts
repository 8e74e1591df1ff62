import { sameValue, typeOf, type AttributeMap, type AttributeValue } from './attribute-values.ts';
import { validation } from './errors.ts';
import { valueAt } from './expression-eval.ts';
import type { Path } from './expression-parser.ts';
import type { SetValue, UpdateActions, UpdateOperand } from './update-expression.ts';

const TYPE_NAMES: Record<string, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  L: 'LIST',
  M: 'MAP',
  SS: 'STRING SET',
  NS: 'NUMBER SET',
  BS: 'BINARY SET',
};
const SETS = new Set(['SS', 'NS', 'BS']);

const wrongType = () => validation('An operand in the update expression has an incorrect data type');
const badPath = () => validation('The document path provided in the update expression is invalid for update');
const operandType = (operator: string, value: AttributeValue) =>
  validation(
    `Invalid UpdateExpression: Incorrect operand type for operator or function; operator${operator === 'ADD' || operator === 'DELETE' ? '' : ' or function'}: ${operator}, operand type: ${TYPE_NAMES[typeOf(value)]}`,
  );

/**
 * The item after an update, every operand read from the item as it was before (as DynamoDB
 * evaluates them), then SET, REMOVE, ADD and DELETE applied to a copy.
 */
export function applyUpdate(old: AttributeMap, actions: UpdateActions): AttributeMap {
  const values = actions.set.map((a) => evaluate(old, a.value));
  const item = structuredClone(old);
  actions.set.forEach((a, i) => setAt(item, a.path, values[i]!));
  // Later list indexes first, so each REMOVE names the element it named in the item as it was.
  const removes = [...actions.remove].sort((a, b) => Number(b[b.length - 1] ?? 0) - Number(a[a.length - 1] ?? 0));
  for (const path of removes) removeAt(item, path);
  for (const { path, value } of actions.add) {
    if (typeOf(value) !== 'N' && !SETS.has(typeOf(value))) throw operandType('ADD', value);
    const current = valueAt(item, path);
    if (!current) setAt(item, path, value);
    else if ('N' in current && 'N' in value) setAt(item, path, { N: addNumbers(current.N, value.N, 1) });
    else if (typeOf(current) === typeOf(value)) setAt(item, path, union(current, value));
    else throw wrongType();
  }
  for (const { path, value } of actions.delete) {
    if (!SETS.has(typeOf(value))) throw operandType('DELETE', value);
    const current = valueAt(item, path);
    if (!current) continue;
    if (typeOf(current) !== typeOf(value)) throw wrongType();
    const left = members(current).filter((m) => !members(value).some((d) => sameMember(current, m, d)));
    if (left.length === 0) removeAt(item, path);
    else setAt(item, path, { [typeOf(current)]: left } as AttributeValue);
  }
  return item;
}

function evaluate(item: AttributeMap, value: SetValue): AttributeValue {
  const left = operand(item, value.left);
  if (!value.op) return left;
  const right = operand(item, value.right!);
  if (!('N' in left) || !('N' in right)) throw wrongType();
  return { N: addNumbers(left.N, right.N, value.op === '+' ? 1 : -1) };
}

function operand(item: AttributeMap, o: UpdateOperand): AttributeValue {
  switch (o.kind) {
    case 'value':
      return o.value;
    case 'path': {
      const v = valueAt(item, o.path);
      if (!v) throw validation('The provided expression refers to an attribute that does not exist in the item');
      return v;
    }
    case 'if_not_exists':
      return valueAt(item, o.path) ?? operand(item, o.fallback);
    case 'list_append': {
      const left = operand(item, o.left);
      const right = operand(item, o.right);
      for (const side of [left, right]) if (!('L' in side)) throw operandType('list_append', side);
      return { L: [...(left as { L: AttributeValue[] }).L, ...(right as { L: AttributeValue[] }).L] };
    }
  }
}

function setAt(item: AttributeMap, path: Path, value: AttributeValue): void {
  if (path.length === 1) {
    item[path[0] as string] = value;
    return;
  }
  const parent = valueAt(item, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (typeof last === 'number' && parent && 'L' in parent) {
    // An index past the end appends, as DynamoDB does.
    if (last < parent.L.length) parent.L[last] = value;
    else parent.L.push(value);
  } else if (typeof last === 'string' && parent && 'M' in parent) parent.M[last] = value;
  else throw badPath();
}

function removeAt(item: AttributeMap, path: Path): void {
  if (path.length === 1) {
    delete item[path[0] as string];
    return;
  }
  const parent = valueAt(item, path.slice(0, -1));
  if (!parent) return;
  const last = path[path.length - 1]!;
  if (typeof last === 'number' && 'L' in parent) parent.L.splice(last, 1);
  else if (typeof last === 'string' && 'M' in parent) delete parent.M[last];
  else throw badPath();
}

const members = (set: AttributeValue) => (set as Record<string, string[]>)[typeOf(set)]!;
const sameMember = (set: AttributeValue, a: string, b: string) =>
  'NS' in set ? Number(a) === Number(b) : sameValue({ S: a }, { S: b });

function union(current: AttributeValue, added: AttributeValue): AttributeValue {
  const out = [...members(current)];
  for (const m of members(added)) if (!out.some((o) => sameMember(current, o, m))) out.push(m);
  return { [typeOf(current)]: out } as AttributeValue;
}

const PLAIN_DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** a ± b exactly for plain decimals (DynamoDB numbers are decimal, not binary floating point). */
export function addNumbers(a: string, b: string, sign: 1 | -1): string {
  if (!PLAIN_DECIMAL.test(a.trim()) || !PLAIN_DECIMAL.test(b.trim())) return String(Number(a) + sign * Number(b));
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const scaled = (s: string) => {
    const [whole, fraction = ''] = s.trim().split('.');
    return BigInt(whole! + fraction.padEnd(scale, '0'));
  };
  const sum = scaled(a) + BigInt(sign) * scaled(b);
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

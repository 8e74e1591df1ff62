import { compareValues, sameValue, typeOf, type AttributeMap, type AttributeValue } from './attribute-values.ts';
import type { Condition, Operand, Path } from './expression-parser.ts';

/** The value at a document path of an item, or undefined when there is none. */
export function valueAt(item: AttributeMap, path: Path): AttributeValue | undefined {
  let current: AttributeValue | undefined = item[path[0] as string];
  for (const step of path.slice(1)) {
    if (!current) return undefined;
    if (typeof step === 'number') current = 'L' in current ? current.L[step] : undefined;
    else current = 'M' in current ? current.M[step] : undefined;
  }
  return current;
}

function sizeOf(value: AttributeValue): number | undefined {
  if ('S' in value) return Buffer.byteLength(value.S, 'utf8');
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('L' in value) return value.L.length;
  if ('M' in value) return Object.keys(value.M).length;
  if ('SS' in value) return value.SS.length;
  if ('NS' in value) return value.NS.length;
  if ('BS' in value) return value.BS.length;
  return undefined;
}

function resolve(item: AttributeMap, operand: Operand): AttributeValue | undefined {
  if (operand.kind === 'value') return operand.value;
  const value = valueAt(item, operand.path);
  if (operand.kind === 'path' || !value) return value;
  const size = sizeOf(value);
  return size === undefined ? undefined : { N: String(size) };
}

function contains(haystack: AttributeValue, needle: AttributeValue): boolean {
  if ('S' in haystack) return 'S' in needle && haystack.S.includes(needle.S);
  if ('SS' in haystack) return 'S' in needle && haystack.SS.includes(needle.S);
  if ('NS' in haystack) return 'N' in needle && haystack.NS.some((n) => Number(n) === Number(needle.N));
  if ('BS' in haystack) return 'B' in needle && haystack.BS.includes(needle.B);
  if ('L' in haystack) return haystack.L.some((v) => sameValue(v, needle));
  return false;
}

/** Whether an item meets a condition, by DynamoDB's rules: a comparison with a missing attribute or across types is false. */
export function matches(item: AttributeMap, cond: Condition): boolean {
  switch (cond.kind) {
    case 'and':
      return matches(item, cond.left) && matches(item, cond.right);
    case 'or':
      return matches(item, cond.left) || matches(item, cond.right);
    case 'not':
      return !matches(item, cond.cond);
    case 'compare': {
      const a = resolve(item, cond.left);
      const b = resolve(item, cond.right);
      if (cond.op === '<>') return !(a && b && sameValue(a, b));
      if (!a || !b) return false;
      if (cond.op === '=') return sameValue(a, b);
      const order = compareValues(a, b);
      if (order === undefined) return false;
      return cond.op === '<' ? order < 0 : cond.op === '<=' ? order <= 0 : cond.op === '>' ? order > 0 : order >= 0;
    }
    case 'between': {
      const v = resolve(item, cond.operand);
      const low = resolve(item, cond.low);
      const high = resolve(item, cond.high);
      if (!v || !low || !high) return false;
      const fromLow = compareValues(v, low);
      const toHigh = compareValues(v, high);
      return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0;
    }
    case 'in': {
      const v = resolve(item, cond.operand);
      return (
        !!v &&
        cond.list.some((o) => {
          const w = resolve(item, o);
          return !!w && sameValue(v, w);
        })
      );
    }
    case 'function': {
      const v = valueAt(item, cond.path);
      const arg = cond.arg && resolve(item, cond.arg);
      switch (cond.name) {
        case 'attribute_exists':
          return v !== undefined;
        case 'attribute_not_exists':
          return v === undefined;
        case 'attribute_type':
          return !!v && !!arg && 'S' in arg && typeOf(v) === arg.S;
        case 'begins_with':
          if (!v || !arg) return false;
          if ('S' in v && 'S' in arg) return v.S.startsWith(arg.S);
          if ('B' in v && 'B' in arg)
            return Buffer.from(v.B, 'base64')
              .subarray(0, Buffer.from(arg.B, 'base64').length)
              .equals(Buffer.from(arg.B, 'base64'));
          return false;
        case 'contains':
          return !!v && !!arg && contains(v, arg);
      }
    }
  }
}

/** The attributes a ProjectionExpression names, nested as in the item (list elements kept in order). */
export function project(item: AttributeMap, paths: Path[]): AttributeMap {
  const out: AttributeMap = {};
  for (const path of paths) {
    const value = valueAt(item, path);
    if (value === undefined) continue;
    if (path.length === 1) {
      out[path[0] as string] = value;
      continue;
    }
    // Rebuild the containers along the path, then place the value at its end.
    let container: AttributeValue = (out[path[0] as string] ??= typeof path[1] === 'number' ? { L: [] } : { M: {} });
    for (let i = 1; i < path.length; i++) {
      const step = path[i]!;
      const last = i === path.length - 1;
      const child: AttributeValue = last ? value : typeof path[i + 1] === 'number' ? { L: [] } : { M: {} };
      if (typeof step === 'number' && 'L' in container) {
        container.L.push(child);
        container = child;
      } else if (typeof step === 'string' && 'M' in container) {
        if (last) container.M[step] = value;
        container = container.M[step] ??= child;
      } else break;
    }
  }
  return out;
}

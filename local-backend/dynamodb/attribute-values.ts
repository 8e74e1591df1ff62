import { validation } from './errors.ts';

/** A DynamoDB attribute value in the wire's JSON form ({"S": "…"}, {"N": "1"}, {"L": […]}, …). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

export type AttributeMap = Record<string, AttributeValue>;

/**
 * The stored attribute that keeps what JSON cannot say of values written through this endpoint:
 * which document paths (JSON-encoded) hold a set (SS, NS, BS) or binary (B). GraphQL reads only
 * the fields its selection names, so it never shows; this endpoint's reads never return it.
 */
export const STORED_TYPES = '__dynamodbTypes';
export type StoredTypes = Record<string, 'SS' | 'NS' | 'BS' | 'B'>;

/**
 * A stored record's value as AppSync's DynamoDB resolvers write it: strings S, numbers N, booleans
 * BOOL, null NULL, arrays L and objects M; sets and binary where STORED_TYPES marks the path.
 */
export function toAttributeValue(value: unknown, types?: StoredTypes, path: (string | number)[] = []): AttributeValue {
  const marked = types && path.length ? types[JSON.stringify(path)] : undefined;
  if (marked === 'B' && typeof value === 'string') return { B: value };
  if (marked && marked !== 'B' && Array.isArray(value) && value.length > 0) {
    if (marked === 'NS' && value.every((v) => typeof v === 'number')) return { NS: value.map(String) };
    if (marked !== 'NS' && value.every((v) => typeof v === 'string')) return { [marked]: value } as AttributeValue;
  }
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map((v, i) => toAttributeValue(v, types, [...path, i])) };
  if (typeof value === 'object') {
    const out: AttributeMap = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toAttributeValue(v, types, [...path, k]);
    return { M: out };
  }
  return { S: String(value) };
}

export function toAttributeMap(item: Record<string, unknown>): AttributeMap {
  const types = item[STORED_TYPES] as StoredTypes | undefined;
  const out: AttributeMap = {};
  for (const [k, v] of Object.entries(item)) {
    if (v !== undefined && k !== STORED_TYPES) out[k] = toAttributeValue(v, types, [k]);
  }
  return out;
}

/** The plain value of a key attribute sent by a client (S, N or B), refused when it is anything else. */
export function keyValue(value: AttributeValue | undefined, what: string): string | number {
  if (value && 'S' in value && typeof value.S === 'string') return value.S;
  if (value && 'N' in value && typeof value.N === 'string' && Number.isFinite(Number(value.N))) return Number(value.N);
  throw validation(`The provided key element does not match the schema${what ? ` (${what})` : ''}`);
}

/** The type letter of a value ('S', 'N', 'L', …). */
export function typeOf(value: AttributeValue): string {
  return Object.keys(value)[0]!;
}

/** A value as the client sent it is well formed: exactly one known type with a value of that type. */
export function checkAttributeValue(value: unknown, where: string): AttributeValue {
  const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const type = keys[0];
  const v = type ? (value as Record<string, unknown>)[type] : undefined;
  const ok =
    keys.length === 1 &&
    ((type === 'S' && typeof v === 'string') ||
      (type === 'N' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) ||
      (type === 'B' && typeof v === 'string') ||
      (type === 'BOOL' && typeof v === 'boolean') ||
      (type === 'NULL' && v === true) ||
      (type === 'L' && Array.isArray(v)) ||
      (type === 'M' && !!v && typeof v === 'object' && !Array.isArray(v)) ||
      ((type === 'SS' || type === 'NS' || type === 'BS') && Array.isArray(v) && v.length > 0));
  if (!ok) {
    throw validation(
      `Supplied AttributeValue is empty or has more than one datatype, must contain exactly one of the supported datatypes (${where})`,
    );
  }
  return value as AttributeValue;
}

/** Compares two scalars of one type as DynamoDB orders them (N numerically, S and B by their bytes); undefined across types. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('N' in a && 'N' in b) return Math.sign(Number(a.N) - Number(b.N));
  if ('S' in a && 'S' in b) return compareUtf8(a.S, b.S);
  if ('B' in a && 'B' in b) return Buffer.compare(Buffer.from(a.B, 'base64'), Buffer.from(b.B, 'base64'));
  return undefined;
}

/** UTF-8 byte order (what DynamoDB and SQLite sort by); JavaScript's UTF-16 order differs only past U+FFFF. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  if (/[\ud800-\udfff]/.test(a) || /[\ud800-\udfff]/.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : 1;
}

/** Deep equality of two attribute values (sets regardless of order). */
export function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  const va = (a as Record<string, unknown>)[ta];
  const vb = (b as Record<string, unknown>)[ta];
  switch (ta) {
    case 'N':
      return Number(va) === Number(vb);
    case 'L': {
      const la = va as AttributeValue[];
      const lb = vb as AttributeValue[];
      return la.length === lb.length && la.every((x, i) => sameValue(x, lb[i]!));
    }
    case 'M': {
      const ma = va as AttributeMap;
      const mb = vb as AttributeMap;
      const keys = Object.keys(ma);
      return keys.length === Object.keys(mb).length && keys.every((k) => k in mb && sameValue(ma[k]!, mb[k]!));
    }
    case 'SS':
    case 'BS':
    case 'NS': {
      const norm = (s: string[]) => (ta === 'NS' ? s.map((x) => String(Number(x))) : s).sort();
      return JSON.stringify(norm([...(va as string[])])) === JSON.stringify(norm([...(vb as string[])]));
    }
    default:
      return va === vb;
  }
}

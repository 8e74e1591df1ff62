import { invalidParameter } from './errors.ts';

/** ListUsers and ListUsersInGroup return at most this many users a page. */
const MAX_PAGE = 60;

/** Cognito's ListUsers filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix). */
export function parseFilter(raw: unknown): ((attrs: Record<string, string>) => boolean) | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const m = typeof raw === 'string' ? /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(raw) : null;
  const known = ['username', 'email', 'sub', 'cognito:user_status', 'status'];
  if (!m || !known.includes(m[1]!)) throw invalidParameter(`Invalid search filter: ${String(raw)}`);
  const [, name, op, value] = m as unknown as [string, string, string, string];
  const wanted = value.toLowerCase();
  return (attrs) => {
    const v = (attrs[name] ?? '').toLowerCase();
    return op === '=' ? v === wanted : v.startsWith(wanted);
  };
}

export function page<T>(
  all: T[],
  rawLimit: unknown,
  rawToken: unknown,
  tokenName: string,
): { items: T[]; next?: string } {
  const limit = rawLimit === undefined ? MAX_PAGE : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(rawLimit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60`,
    );
  }
  let start = 0;
  if (typeof rawToken === 'string' && rawToken) {
    start = Number(
      Buffer.from(rawToken, 'base64url')
        .toString('utf8')
        .replace(/^offset:/, ''),
    );
    if (!Number.isInteger(start) || start < 0) throw invalidParameter(`Invalid ${tokenName}`);
  }
  const items = all.slice(start, start + (limit || MAX_PAGE));
  const end = start + items.length;
  return { items, next: end < all.length ? Buffer.from(`offset:${end}`).toString('base64url') : undefined };
}

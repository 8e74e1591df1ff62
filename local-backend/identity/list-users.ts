import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { invalidParameter } from './errors.ts';

/** ListUsers and ListUsersInGroup return at most this many users a page (Limit 0 or none: this many). */
export const MAX_PAGE = 60;

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

/** How a listing is paged: what its tokens are bound to, and the key that orders its items. */
export interface Paging<T> {
  /** Seals the tokens. */
  secret: string;
  /** The request a token belongs to (operation, group, filter): a token from another is refused. */
  scope: string;
  /** The parameter the token travels in (PaginationToken or NextToken), for the error message. */
  tokenName: string;
  /** A unique key per item; pages follow its order. */
  key: (item: T) => string;
}

/**
 * One page of `all`. The token names the last key served, not a position, so removing or adding
 * people between two pages neither skips nor repeats anyone who was there all along.
 */
export function page<T>(
  all: T[],
  rawLimit: unknown,
  rawToken: unknown,
  paging: Paging<T>,
): { items: T[]; next?: string } {
  const limit = rawLimit === undefined || rawLimit === null ? MAX_PAGE : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(rawLimit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}`,
    );
  }
  const sorted = all.map((item) => ({ item, key: paging.key(item) })).sort((a, b) => compare(a.key, b.key));
  let start = 0;
  if (rawToken !== undefined && rawToken !== null && rawToken !== '') {
    const after = readToken(rawToken, paging);
    start = sorted.findIndex((e) => compare(e.key, after) > 0);
    if (start < 0) start = sorted.length;
  }
  const slice = sorted.slice(start, start + (limit || MAX_PAGE));
  const last = slice.at(-1);
  const more = last !== undefined && start + slice.length < sorted.length;
  return { items: slice.map((e) => e.item), ...(more ? { next: writeToken(last.key, paging) } : {}) };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// AES-GCM: a client can neither read a token (it holds the last email served) nor forge one.
function writeToken(after: string, paging: Omit<Paging<never>, 'key'>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(paging.secret), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify({ after, scope: paging.scope })), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function readToken(raw: unknown, paging: Omit<Paging<never>, 'key'>): string {
  const refuse = () =>
    invalidParameter(`Invalid ${paging.tokenName}: it was not returned by this request (same operation and input)`);
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64url') : Buffer.alloc(0);
  if (bytes.length < 29) throw refuse();
  let parsed: { after?: unknown; scope?: unknown };
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(paging.secret), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    parsed = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    throw refuse();
  }
  if (parsed.scope !== paging.scope || typeof parsed.after !== 'string') throw refuse();
  return parsed.after;
}

const keyOf = (secret: string) => createHash('sha256').update(secret).digest();

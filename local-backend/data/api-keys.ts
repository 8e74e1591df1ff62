import { randomBytes } from 'node:crypto';
import type { ItemStore } from './store.ts';

export interface ApiKey {
  key: string;
  /** Epoch milliseconds. */
  expires: number;
}

/** The API's keys, kept in the database so a restart keeps the key the app was configured with. */
export class ApiKeys {
  constructor(private readonly store: ItemStore) {}

  list(): ApiKey[] {
    return JSON.parse(this.store.meta('apiKeys') ?? '[]') as ApiKey[];
  }

  /** The key for amplify_outputs.json: the current one, or a new one when all have expired (as a redeploy would). */
  current(expiresInDays: number): ApiKey {
    const valid = this.list().filter((k) => k.expires > Date.now());
    if (valid.length) return valid.sort((a, b) => b.expires - a.expires)[0]!;
    return this.issue(expiresInDays * 86_400_000);
  }

  issue(ttlMs: number, key = newKey()): ApiKey {
    const entry = { key, expires: Date.now() + ttlMs };
    this.store.setMeta('apiKeys', JSON.stringify([...this.list().filter((k) => k.key !== key), entry]));
    return entry;
  }

  check(key: string): 'valid' | 'expired' | 'unknown' {
    const found = this.list().find((k) => k.key === key);
    if (!found) return 'unknown';
    return found.expires > Date.now() ? 'valid' : 'expired';
  }
}

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** AppSync's shape: `da2-` and 26 lower-case letters and digits. */
function newKey(): string {
  return `da2-${Array.from(randomBytes(26), (b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('')}`;
}

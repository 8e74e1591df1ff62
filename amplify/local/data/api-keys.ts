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

  issue(
    ttlMs: number,
    key = `da2-${randomBytes(20)
      .toString('base64')
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 26)
      .toLowerCase()}`,
  ): ApiKey {
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

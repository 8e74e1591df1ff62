import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { StatementSync } from 'node:sqlite';
import { LocalDatabase } from '../sqlite.ts';

export type UserStatus = 'CONFIRMED' | 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD';

export interface UserRow {
  sub: string;
  email: string;
  salt: string;
  verifier: string;
  status: UserStatus;
  created_at: number;
  updated_at: number;
}

export interface CredentialRow {
  access_key_id: string;
  secret: string;
  session_token: string;
  expiration: number;
  identity_id: string;
  sub: string | null;
  username: string | null;
  groups: string;
}

/**
 * The identity part's state: one node:sqlite file in the data directory, in WAL mode with
 * synchronous=NORMAL (a commit survives the process being killed; the last few may be lost if the
 * machine itself loses power), each statement prepared once.
 */
export class IdentityStore {
  private readonly db: LocalDatabase;

  constructor(dataDir: string) {
    this.db = new LocalDatabase(
      join(dataDir, 'identity.db'),
      `
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS users (
        sub TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, salt TEXT NOT NULL, verifier TEXT NOT NULL,
        status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS user_groups (sub TEXT NOT NULL, group_name TEXT NOT NULL, PRIMARY KEY (sub, group_name));
      CREATE TABLE IF NOT EXISTS refresh_tokens (token TEXT PRIMARY KEY, sub TEXT NOT NULL, origin_jti TEXT NOT NULL UNIQUE,
        revoked INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS identities (identity_id TEXT PRIMARY KEY, sub TEXT UNIQUE);
      CREATE TABLE IF NOT EXISTS credentials (access_key_id TEXT PRIMARY KEY, secret TEXT NOT NULL, session_token TEXT NOT NULL,
        expiration INTEGER NOT NULL, identity_id TEXT NOT NULL, sub TEXT, username TEXT, groups TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS codes (sub TEXT NOT NULL, purpose TEXT NOT NULL, code TEXT NOT NULL, expires INTEGER NOT NULL,
        PRIMARY KEY (sub, purpose));
      CREATE TABLE IF NOT EXISTS disabled_users (sub TEXT PRIMARY KEY);
    `,
    );
  }

  close(): void {
    this.db.close();
  }

  private prepare(sql: string): StatementSync {
    return this.db.prepare(sql);
  }

  private transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  meta(key: string): string | undefined {
    const row = this.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** Returns the stored value, creating it with `make()` the first time. */
  metaOrCreate(key: string, make: () => string): string {
    const existing = this.meta(key);
    if (existing !== undefined) return existing;
    const value = make();
    this.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(key, value);
    return value;
  }

  userByEmailOrSub(name: string): UserRow | undefined {
    return this.prepare('SELECT * FROM users WHERE email = ? OR sub = ?').get(name, name) as UserRow | undefined;
  }

  userBySub(sub: string): UserRow | undefined {
    return this.prepare('SELECT * FROM users WHERE sub = ?').get(sub) as UserRow | undefined;
  }

  listUsers(): (UserRow & { groups: string[] })[] {
    const users = this.prepare('SELECT * FROM users ORDER BY email').all() as unknown as UserRow[];
    return users.map((u) => ({ ...u, groups: this.groupsOf(u.sub) }));
  }

  /** The members of a group, as ListUsersInGroup lists them. */
  usersInGroup(group: string): UserRow[] {
    return this.prepare(
      'SELECT users.* FROM users JOIN user_groups USING (sub) WHERE group_name = ? ORDER BY email',
    ).all(group) as unknown as UserRow[];
  }

  insertUser(email: string, salt: string, verifier: string, status: UserStatus, sub = randomUUID()): UserRow {
    const now = Math.floor(Date.now() / 1000);
    this.prepare(
      'INSERT INTO users (sub, email, salt, verifier, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(sub, email, salt, verifier, status, now, now);
    return this.userBySub(sub)!;
  }

  setPassword(sub: string, salt: string, verifier: string, status: UserStatus): void {
    this.prepare('UPDATE users SET salt = ?, verifier = ?, status = ?, updated_at = ? WHERE sub = ?').run(
      salt,
      verifier,
      status,
      Math.floor(Date.now() / 1000),
      sub,
    );
  }

  setStatus(sub: string, status: UserStatus): void {
    this.prepare('UPDATE users SET status = ?, updated_at = ? WHERE sub = ?').run(
      status,
      Math.floor(Date.now() / 1000),
      sub,
    );
  }

  deleteUser(sub: string): void {
    this.transaction(() => {
      for (const table of ['user_groups', 'codes', 'credentials', 'disabled_users'])
        this.prepare(`DELETE FROM ${table} WHERE sub = ?`).run(sub);
      // Kept, revoked, until they expire: a refresh with one is told the user does not exist.
      this.prepare('UPDATE refresh_tokens SET revoked = 1 WHERE sub = ?').run(sub);
      this.prepare('DELETE FROM users WHERE sub = ?').run(sub);
    });
  }

  /** AdminDisableUser / AdminEnableUser's flag (a removed user's goes with them). */
  setDisabled(sub: string, disabled: boolean): void {
    if (disabled) this.prepare('INSERT OR IGNORE INTO disabled_users (sub) VALUES (?)').run(sub);
    else this.prepare('DELETE FROM disabled_users WHERE sub = ?').run(sub);
  }

  isDisabled(sub: string): boolean {
    return !!this.prepare('SELECT 1 FROM disabled_users WHERE sub = ?').get(sub);
  }

  disabledSubs(): Set<string> {
    const rows = this.prepare('SELECT sub FROM disabled_users').all() as { sub: string }[];
    return new Set(rows.map((r) => r.sub));
  }

  /** GlobalSignOut: every refresh token, and every token issued from those sign-ins, stops working. */
  signOutEverywhere(sub: string): void {
    this.prepare('UPDATE refresh_tokens SET revoked = 1 WHERE sub = ?').run(sub);
  }

  groupsOf(sub: string): string[] {
    const rows = this.prepare('SELECT group_name FROM user_groups WHERE sub = ? ORDER BY group_name').all(sub) as {
      group_name: string;
    }[];
    return rows.map((r) => r.group_name);
  }

  addToGroup(sub: string, group: string): void {
    this.prepare('INSERT OR IGNORE INTO user_groups (sub, group_name) VALUES (?, ?)').run(sub, group);
  }

  removeFromGroup(sub: string, group: string): void {
    this.prepare('DELETE FROM user_groups WHERE sub = ? AND group_name = ?').run(sub, group);
  }

  /** One commit: the new token, and the expired ones gone. */
  saveRefreshToken(token: string, sub: string, originJti: string): void {
    const now = Math.floor(Date.now() / 1000);
    this.transaction(() => {
      this.prepare('INSERT INTO refresh_tokens (token, sub, origin_jti, created_at) VALUES (?, ?, ?, ?)').run(
        token,
        sub,
        originJti,
        now,
      );
      // Refresh tokens live 30 days; keep a day more so late access tokens still find their origin.
      this.prepare('DELETE FROM refresh_tokens WHERE created_at < ?').run(now - 31 * 86400);
    });
  }

  refreshToken(token: string): { sub: string; revoked: number; origin_jti: string; created_at: number } | undefined {
    return this.prepare('SELECT sub, revoked, origin_jti, created_at FROM refresh_tokens WHERE token = ?').get(
      token,
    ) as { sub: string; revoked: number; origin_jti: string; created_at: number } | undefined;
  }

  /** Whether the sign-in a token descends from was signed out or revoked. */
  originRevoked(originJti: string): boolean {
    const row = this.prepare('SELECT revoked FROM refresh_tokens WHERE origin_jti = ?').get(originJti) as
      | { revoked: number }
      | undefined;
    return !row || row.revoked === 1;
  }

  revokeRefreshToken(token: string): void {
    this.prepare('UPDATE refresh_tokens SET revoked = 1 WHERE token = ?').run(token);
  }

  identityFor(sub: string | null, make: () => string): string {
    if (sub) {
      const row = this.prepare('SELECT identity_id FROM identities WHERE sub = ?').get(sub) as
        | { identity_id: string }
        | undefined;
      if (row) return row.identity_id;
    }
    const id = make();
    this.prepare(
      'INSERT INTO identities (identity_id, sub) VALUES (?, ?) ON CONFLICT (identity_id) DO UPDATE SET sub = excluded.sub',
    ).run(id, sub);
    return id;
  }

  identity(identityId: string): { identity_id: string; sub: string | null } | undefined {
    return this.prepare('SELECT * FROM identities WHERE identity_id = ?').get(identityId) as
      | { identity_id: string; sub: string | null }
      | undefined;
  }

  saveCredentials(row: CredentialRow): void {
    this.transaction(() => {
      this.prepare(
        'INSERT INTO credentials (access_key_id, secret, session_token, expiration, identity_id, sub, username, groups) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        row.access_key_id,
        row.secret,
        row.session_token,
        row.expiration,
        row.identity_id,
        row.sub,
        row.username,
        row.groups,
      );
      this.prepare('DELETE FROM credentials WHERE expiration < ?').run(Math.floor(Date.now() / 1000) - 86400);
    });
  }

  credentials(accessKeyId: string): CredentialRow | undefined {
    return this.prepare('SELECT * FROM credentials WHERE access_key_id = ?').get(accessKeyId) as
      | CredentialRow
      | undefined;
  }

  saveCode(sub: string, purpose: string, code: string, ttlSeconds: number): void {
    this.prepare('INSERT OR REPLACE INTO codes (sub, purpose, code, expires) VALUES (?, ?, ?, ?)').run(
      sub,
      purpose,
      code,
      Math.floor(Date.now() / 1000) + ttlSeconds,
    );
  }

  /** 'ok', 'mismatch' or 'expired'; a used code is gone. */
  useCode(sub: string, purpose: string, code: string): 'ok' | 'mismatch' | 'expired' {
    const row = this.prepare('SELECT code, expires FROM codes WHERE sub = ? AND purpose = ?').get(sub, purpose) as
      | { code: string; expires: number }
      | undefined;
    if (!row || row.code !== code) return 'mismatch';
    this.prepare('DELETE FROM codes WHERE sub = ? AND purpose = ?').run(sub, purpose);
    return row.expires < Date.now() / 1000 ? 'expired' : 'ok';
  }
}

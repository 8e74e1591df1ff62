import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/**
 * A node:sqlite database as every store of the local backend keeps one: its folder made, WAL with
 * synchronous=NORMAL (a commit survives the process being killed; the last few may be lost if the
 * machine itself loses power), a 5 s busy timeout, its schema created if missing, statements
 * prepared once, and transactions that roll back when their work throws.
 */
export class LocalDatabase {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  /** Opens (or creates) the database at `path` and runs `schema` (CREATE … IF NOT EXISTS). */
  constructor(path: string, schema: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
    `);
    this.db.exec(schema);
  }

  /** The prepared statement for `sql`, prepared on first use. */
  prepare(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in one write transaction: all of it is committed, or none of it if it throws. */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Data directories made by an earlier version lack newer columns: adds `column` unless there. */
  addColumn(table: string, column: string, type: string): void {
    const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((c) => c.name === column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

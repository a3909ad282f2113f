/**
 * SqlDriver over better-sqlite3 (12.x; 13 crashes on Node 20). `safeIntegers` makes every stored
 * integer come back as bigint, so satoshis never pass through a float. Files use WAL, so readers
 * (the API) do not block the writer (node sync). better-sqlite3 is synchronous; an async
 * transaction holds a queue so no other statement of this connection runs inside it.
 */
import Database from 'better-sqlite3';
import type { Dialect, SqlDriver, SqlExecutor, SqlRow, SqlValue } from '../driver.js';

export const SQLITE_DIALECT: Dialect = {
  name: 'sqlite',
  int64: 'INTEGER',
  float64: 'REAL',
  maxParams: 30_000,
  // BEGIN IMMEDIATE already takes the write lock before the migration reads anything.
  migrationLockSql: null,
};

export class SqliteDriver implements SqlDriver {
  readonly dialect = SQLITE_DIALECT;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  /** Settles when the running transaction (if any) ends. */
  #queue: Promise<unknown> = Promise.resolve();

  /** `path` is a file or `:memory:`. */
  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.defaultSafeIntegers(true);
    if (path !== ':memory:') this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
  }

  #statement(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      if (this.#statements.size > 200) this.#statements.clear();
      this.#statements.set(sql, s);
    }
    return s;
  }

  readonly #direct: SqlExecutor = {
    all: (sql, params = []) => Promise.resolve(this.#statement(sql).all(...(params as SqlValue[])) as SqlRow[]),
    run: (sql, params = []) => Promise.resolve(this.#statement(sql).run(...(params as SqlValue[])).changes),
  };

  /** Runs `fn` after whatever is queued, and queues the next caller behind it. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(fn);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.#exclusive(() => this.#direct.all(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#exclusive(() => this.#direct.run(sql, params));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.#direct);
        this.#db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  close(): Promise<void> {
    return this.#exclusive(() => {
      if (this.#db.open) this.#db.close();
      return Promise.resolve();
    });
  }
}

/**
 * SqlDriver over better-sqlite3 (12.x; 13 crashes on Node 20). `safeIntegers` makes every stored
 * integer come back as bigint, so satoshis never pass through a float. Files use WAL, so readers
 * (the API) do not block the writer (node sync). better-sqlite3 is synchronous; an async
 * transaction holds a queue so no other statement of this connection runs inside it.
 */
import Database from 'better-sqlite3';
import type { Dialect, SqlDriver, SqlExecutor, SqlRow, SqlValue } from '../driver.js';
import { StorageError } from '../../../errors.js';
import { sqliteStorageError } from './sqlite-errors.js';

export const SQLITE_DIALECT: Dialect = {
  name: 'sqlite',
  int64: 'INTEGER',
  float64: 'REAL',
  bytes: 'BLOB',
  maxParams: 30_000,
  // BEGIN IMMEDIATE already takes the write lock before the migration reads anything.
  migrationLockSql: null,
};

/** How long a reader waits out a lock (rare in WAL mode). */
const BUSY_TIMEOUT_MS = 5_000;
/** How long a write waits for another connection's write to finish. */
const WRITE_LOCK_WAIT_MS = 30_000;

export class SqliteDriver implements SqlDriver {
  readonly dialect = SQLITE_DIALECT;
  readonly #db: Database.Database;
  readonly #path: string;
  /** Whether the file passed `PRAGMA quick_check` before this connection's first write. */
  #checked = false;
  readonly #statements = new Map<string, Database.Statement>();
  /** Settles when the running transaction (if any) ends. */
  #queue: Promise<unknown> = Promise.resolve();

  /** `path` is a file or `:memory:`. */
  constructor(path: string) {
    this.#path = path;
    this.#checked = path === ':memory:';
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      db.defaultSafeIntegers(true);
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    } catch (err) {
      db?.close();
      throw sqliteStorageError(err, path);
    }
    this.#db = db;
  }

  /** Runs `fn`, reporting storage failures (disk full, read-only, damaged) as StorageError. */
  #guard<T>(fn: () => Promise<T>): Promise<T> {
    return fn().catch((err: unknown) => {
      throw sqliteStorageError(err, this.#path);
    });
  }

  /**
   * A damaged page far from the pages a write touches does not make the write fail: an import
   * into a damaged file would report success while reads fail. Check the whole file once, before
   * the first write of this connection (~0.1 s per 100 MB).
   */
  #checkIntegrity(): void {
    if (this.#checked) return;
    const rows = this.#db.pragma('quick_check(3)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (problems.length)
      throw new StorageError(
        `the SQLite database ${this.#path} is damaged (${problems.join('; ')}); move it aside and import or sync again, or restore a backup`,
      );
    this.#checked = true;
  }

  #statement(sql: string, raw = false): Database.Statement {
    const key = raw ? `raw:${sql}` : sql;
    let s = this.#statements.get(key);
    if (!s) {
      s = this.#db.prepare(sql);
      if (raw) s.raw(true);
      if (this.#statements.size > 200) this.#statements.clear();
      this.#statements.set(key, s);
    }
    return s;
  }

  readonly #direct: SqlExecutor = {
    all: (sql, params = []) => Promise.resolve(this.#statement(sql).all(...(params as SqlValue[])) as SqlRow[]),
    rows: (sql, params = []) => Promise.resolve(this.#statement(sql, true).all(...(params as SqlValue[])) as unknown[][]),
    run: (sql, params = []) => Promise.resolve(this.#statement(sql).run(...(params as SqlValue[])).changes),
  };

  /** Runs `fn` after whatever is queued, and queues the next caller behind it. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(fn);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.#guard(() => this.#exclusive(() => this.#direct.all(sql, params)));
  }

  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.#guard(() => this.#exclusive(() => this.#direct.rows(sql, params)));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#guard(() => this.#exclusive(() => this.#direct.run(sql, params)));
  }

  /**
   * Takes the write lock without blocking the event loop: SQLite's own busy wait would freeze the
   * process (an API server stalls while another process syncs), so retry asynchronously instead.
   */
  async #begin(): Promise<void> {
    const deadline = performance.now() + WRITE_LOCK_WAIT_MS;
    for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
      try {
        this.#db.pragma('busy_timeout = 0');
        this.#db.exec('BEGIN IMMEDIATE');
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() > deadline) throw err;
      } finally {
        this.#db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#guard(() =>
      this.#exclusive(async () => {
        this.#checkIntegrity();
        await this.#begin();
        try {
          const result = await fn(this.#direct);
          this.#db.exec('COMMIT');
          return result;
        } catch (err) {
          if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
          throw err;
        }
      }),
    );
  }

  close(): Promise<void> {
    return this.#exclusive(() => {
      if (this.#db.open) this.#db.close();
      return Promise.resolve();
    });
  }
}

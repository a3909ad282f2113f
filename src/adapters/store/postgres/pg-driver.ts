/**
 * SqlDriver over node-postgres. int8 (BIGINT) columns parse to bigint — never a string or a
 * float — through a per-pool type parser (no global mutation of `pg.types`). Statements arrive
 * with `?` placeholders and are numbered `$1, $2, …` here; values are always bound.
 */
import pg from 'pg';
import { UpstreamError } from '../../../errors.js';
import type { Dialect, SqlDriver, SqlExecutor, SqlRow, SqlValue } from '../driver.js';

export const POSTGRES_DIALECT: Dialect = {
  name: 'postgres',
  int64: 'BIGINT',
  float64: 'DOUBLE PRECISION',
  bytes: 'BYTEA',
  maxParams: 60_000,
  // Transaction-scoped advisory lock: concurrent migrators queue here instead of racing on DDL.
  migrationLockSql: 'SELECT pg_advisory_xact_lock(727274) AS locked',
};

const INT8_OID = 20;

function getTypeParser(oid: number, format?: string): (text: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return (text: string) => BigInt(text);
  return pg.types.getTypeParser(oid, 'text') as (text: string) => unknown;
}

const types = { getTypeParser } as pg.CustomTypesConfig;

/** Rewrites `?` placeholders (outside quoted text) as `$1, $2, …`. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

/** Connection-level failures (refused, auth, unknown database) become UpstreamError; SQL errors pass through. */
function translate(err: unknown, where: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  const connection =
    typeof code === 'string' &&
    (code.startsWith('08') || code.startsWith('28') || code === '3D000' || code === '57P03' || /^E[A-Z]+$/.test(code));
  if (!connection) return err;
  return new UpstreamError(`PostgreSQL at ${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

type Query = (query: pg.QueryConfig<SqlValue[]> & { rowMode?: 'array' }) => Promise<pg.QueryResult>;

function executor(q: Query): SqlExecutor {
  return {
    all: async (sql, params = []) => (await q({ text: numberPlaceholders(sql), values: [...params] })).rows as SqlRow[],
    rows: async (sql, params = []) => (await q({ text: numberPlaceholders(sql), values: [...params], rowMode: 'array' })).rows as unknown[][],
    run: async (sql, params = []) => (await q({ text: numberPlaceholders(sql), values: [...params] })).rowCount ?? 0,
  };
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = POSTGRES_DIALECT;
  readonly #pool: pg.Pool;
  readonly #where: string;
  readonly #direct: SqlExecutor;

  constructor(url: string) {
    this.#where = redactUrl(url);
    this.#pool = new pg.Pool({ connectionString: url, types, max: 4, connectionTimeoutMillis: 10_000 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.#pool.on('error', () => undefined);
    this.#direct = executor(async (query) => {
      try {
        return await this.#pool.query(query);
      } catch (err) {
        throw translate(err, this.#where);
      }
    });
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.#direct.all(sql, params);
  }

  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.#direct.rows(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#direct.run(sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      throw translate(err, this.#where);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(executor((query) => client.query(query)));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translate(err, this.#where);
    } finally {
      client.release();
    }
  }

  #closed = false;

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

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

/**
 * Connection-level failures (refused, auth, unknown database, a connection lost mid-query) become
 * UpstreamError; SQL errors pass through. node-postgres reports a lost connection with no SQLSTATE
 * code ("Connection terminated unexpectedly"), and only the server's errors carry a `severity`.
 */
function translate(err: unknown, where: string): unknown {
  if (err instanceof UpstreamError) return err;
  const e = err as { code?: unknown; severity?: unknown } | null;
  const code = e?.code;
  const lost = err instanceof Error && e?.severity === undefined && code === undefined && /connection|terminat|timeout|not queryable|ended/i.test(err.message);
  const connection =
    lost ||
    (typeof code === 'string' && (code.startsWith('08') || code.startsWith('28') || code === '3D000' || code.startsWith('57P') || /^E[A-Z]+$/.test(code)));
  if (!connection) return err;
  return new UpstreamError(`PostgreSQL database ${where}: ${withoutAddresses(err instanceof Error ? err.message : String(err))}`, { cause: err });
}

/**
 * A driver message without the server's address or the user name (an API answer must not map the
 * network behind it); the CLI user knows the URL they gave.
 */
function withoutAddresses(message: string): string {
  return message
    .replace(/\[[0-9a-f:.]+\](:\d+)?|\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b|\b[0-9a-f]*::?[0-9a-f:]+:\d+\b/gi, 'the server')
    .replace(/for user "[^"]*"/g, 'for the configured user');
}

/** The database's name alone, as messages name it. */
function databaseName(url: string): string {
  try {
    return `"${decodeURIComponent(new URL(url).pathname.slice(1))}"`;
  } catch {
    return '(unnamed)';
  }
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
    this.#where = databaseName(url);
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
    // A checked-out client is the caller's to watch: without a listener, the server going away
    // mid-transaction is an 'error' event nobody handles, and Node ends the process on it.
    let lost: unknown;
    const onError = (err: unknown) => (lost = err);
    client.on('error', onError);
    const where = this.#where;
    const query: Query = async (q) => {
      try {
        return await client.query(q);
      } catch (err) {
        throw translate(lost ?? err, where);
      }
    };
    try {
      await query({ text: 'BEGIN' });
      const result = await fn(executor(query));
      await query({ text: 'COMMIT' });
      return result;
    } catch (err) {
      if (lost === undefined) await client.query('ROLLBACK').catch(() => undefined);
      throw translate(err, where);
    } finally {
      client.off('error', onError);
      // A client whose connection failed is discarded, so the pool reconnects once the server is back.
      client.release(lost !== undefined ? (lost as Error) : undefined);
    }
  }

  #closed = false;

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

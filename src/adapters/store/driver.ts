/**
 * The little a Store needs from a SQL database, so one implementation (sql-store.ts) serves both
 * SQLite and PostgreSQL. Statements are written once with `?` placeholders; a driver rewrites them
 * for its database (PostgreSQL: `$1, $2, …`). Values are always bound, never spliced into SQL.
 */

/** A bound value. Integers may come back as bigint (SQLite safeIntegers, pg int8). */
export type SqlValue = string | number | bigint | Uint8Array | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  /** Rows of a query. */
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Rows of a query as arrays in SELECT order: for bulk reads, about twice as fast as objects. */
  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** What differs between the databases, in one place. */
export interface Dialect {
  name: 'sqlite' | 'postgres';
  /** Column type of a 64-bit integer (satoshis, unix seconds). */
  int64: string;
  /** Column type of a double-precision float (difficulty, prices). */
  float64: string;
  /** Column type of a byte string (BLOB / BYTEA; read back as a Buffer). */
  bytes: string;
  /** Most bound parameters one statement may carry (SQLite 32766, PostgreSQL 65535), with margin. */
  maxParams: number;
  /** Run first inside the migration transaction so concurrent processes migrate one at a time. */
  migrationLockSql: string | null;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Splits `items` into chunks small enough for one multi-row statement of `paramsPerItem` each. */
export function chunksFor<T>(items: readonly T[], paramsPerItem: number, dialect: Dialect): T[][] {
  const size = Math.max(1, Math.floor(dialect.maxParams / paramsPerItem));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `(?, ?, ?), (?, ?, ?)` for `rows` rows of `columns` values. */
export function valuesPlaceholders(rows: number, columns: number): string {
  const one = `(${new Array<string>(columns).fill('?').join(', ')})`;
  return new Array<string>(rows).fill(one).join(', ');
}

/** Any value, readably, for error messages (bigints keep every digit). */
export function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  return JSON.stringify(value);
}

/** A stored integer (number or bigint) as a JS number; throws when beyond 2^53. */
export function toNumber(value: unknown, column: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`${column}: ${value} does not fit a JS number`);
    return n;
  }
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  throw new TypeError(`${column}: expected a number, got ${typeof value}`);
}

export function toNumberOrNull(value: unknown, column: string): number | null {
  return value === null || value === undefined ? null : toNumber(value, column);
}

/** A stored 64-bit integer as an exact bigint (never through a float). */
export function toBigInt(value: unknown, column: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`${column}: expected an integer, got ${describeValue(value)}`);
}

export function toBigIntOrNull(value: unknown, column: string): bigint | null {
  return value === null || value === undefined ? null : toBigInt(value, column);
}

export function toStringOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : describeValue(value);
}

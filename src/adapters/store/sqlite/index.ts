/**
 * The embedded store: one SQLite file (default `<user data dir>/hashfloor.sqlite`) or `:memory:`.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StorageError, UpstreamError } from '../../../errors.js';
import { SqlStore, type SqlStoreOptions } from '../sql-store.js';
import { SqliteDriver } from './sqlite-driver.js';
import { sqliteStorageError } from './sqlite-errors.js';

export function openSqliteStore(path: string, options: SqlStoreOptions = {}): SqlStore {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return new SqlStore(new SqliteDriver(path), options);
  } catch (err) {
    const storage = sqliteStorageError(err, path);
    if (storage instanceof StorageError) throw storage;
    throw new UpstreamError(`cannot open the SQLite database ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

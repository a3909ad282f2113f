/**
 * The shared-server store: PostgreSQL at a `postgres://user:pass@host:port/db` URL.
 */
import { SqlStore, type SqlStoreOptions } from '../sql-store.js';
import { PostgresDriver } from './pg-driver.js';

export function openPostgresStore(url: string, options: SqlStoreOptions = {}): SqlStore {
  return new SqlStore(new PostgresDriver(url), options);
}

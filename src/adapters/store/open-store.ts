/**
 * Picks the store from one location string — the `--db` flag or HASHFLOOR_DB:
 *   postgres://… or postgresql://…  → PostgreSQL
 *   :memory:                         → a throwaway SQLite database
 *   anything else                    → a SQLite file at that path
 * and, when none is given, `<user data dir>/hashfloor.sqlite`. Drivers load only when used.
 */
import { join } from 'node:path';
import type { Store } from '../../ports/store.js';
import type { SqlStoreOptions } from './sql-store.js';

export const DEFAULT_SQLITE_FILE = 'hashfloor.sqlite';

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export function resolveStoreLocation(db: string | undefined, userDir: string): StoreLocation {
  const value = db?.trim();
  if (!value) return { kind: 'sqlite', path: join(userDir, DEFAULT_SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  return { kind: 'sqlite', path: value };
}

/** Opens and migrates the store at `location`. */
export async function openStore(location: StoreLocation, options: SqlStoreOptions = {}): Promise<Store> {
  const store =
    location.kind === 'postgres'
      ? (await import('./postgres/index.js')).openPostgresStore(location.url, options)
      : (await import('./sqlite/index.js')).openSqliteStore(location.path, options);
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

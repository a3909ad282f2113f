/**
 * Picks the store from one location string — the `--db` flag or HASHFLOOR_DB:
 *   postgres://… or postgresql://…  → PostgreSQL
 *   :memory:                         → a throwaway SQLite database
 *   anything else                    → a SQLite file at that path
 * and, when none is given, `<user data dir>/hashfloor.sqlite`. Drivers load only when used.
 */
import { join } from 'node:path';
import { ValidationError } from '../../errors.js';
import type { Store } from '../../ports/store.js';
import type { SqlStoreOptions } from './sql-store.js';

export const DEFAULT_SQLITE_FILE = 'hashfloor.sqlite';

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export function resolveStoreLocation(db: string | undefined, userDir: string): StoreLocation {
  const value = db?.trim();
  if (!value) return { kind: 'sqlite', path: join(userDir, DEFAULT_SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: checkPostgresUrl(value) };
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

/** sslmode values node-postgres acts on; anything else it ignores silently (and connects without TLS). */
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/**
 * Refuses a PostgreSQL URL the driver would misread: a bad port fails later with a raw socket
 * error, an unknown sslmode is ignored, and a URL without a database name silently uses the
 * server's `postgres` database — the user's tables would land beside the server's own.
 */
export function checkPostgresUrl(url: string): string {
  const form = 'postgres://user:password@host:5432/dbname';
  const port = /^[a-z]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/?]*):([^/?]*)/i.exec(url)?.[1];
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
    throw ValidationError.field('db', `port "${port}" is not a number from 1 to 65535; expected ${form}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw ValidationError.field('db', `is not a valid URL; expected ${form}`);
  }
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (name === '') throw ValidationError.field('db', `names no database; add one (${form}) — hashfloor will not write into the server's default database`);
  const mode = u.searchParams.get('sslmode');
  if (mode !== null && !SSL_MODES.includes(mode)) throw ValidationError.field('db', `sslmode "${mode}" is not supported; use one of ${SSL_MODES.join(', ')}`);
  return url;
}

/**
 * The two stores as locations for suites that open stores the way the CLI does (openStore): a
 * fresh SQLite file, or a fresh schema in a database of the throwaway PostgreSQL server started by
 * test/global-setup.ts. Each suite names its own database, so suites running in parallel forks
 * never share one. PostgreSQL is skipped only with HASHFLOOR_SKIP_PG=1; a server that could not
 * start fails the suite.
 */
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { openStore, type StoreLocation } from '../../src/adapters/store/open-store.js';
import type { SqlStoreOptions } from '../../src/adapters/store/sql-store.js';

export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  skip: boolean;
  setup(): Promise<void>;
  /** A location for a fresh, empty store. */
  fresh(): Promise<StoreLocation>;
  teardown(): Promise<void>;
}

/** Both backends; SQLite files go under `root`, PostgreSQL uses database `<dbPrefix>_<pid>`. */
export function storeBackends(root: string, dbPrefix: string): StoreBackend[] {
  const provided = inject('pg');
  let n = 0;
  let admin: pg.Client | undefined;
  let dbUrl = '';
  const database = `${dbPrefix}_${process.pid}`;
  return [
    {
      name: 'SQLite',
      skip: false,
      setup: () => Promise.resolve(),
      fresh: () => Promise.resolve({ kind: 'sqlite', path: join(root, `s${++n}.sqlite`) }),
      teardown: () => Promise.resolve(),
    },
    {
      name: 'PostgreSQL',
      skip: 'skipped' in provided,
      async setup() {
        if ('error' in provided) throw new Error(`PostgreSQL suite cannot run: ${provided.error}`);
        if (!('url' in provided)) return;
        const server = new pg.Client({ connectionString: provided.url });
        await server.connect();
        // Identifiers generated here from a literal prefix and the pid, never from input.
        await server.query(`CREATE DATABASE ${database}`);
        await server.end();
        const u = new URL(provided.url);
        u.pathname = `/${database}`;
        dbUrl = u.toString();
        admin = new pg.Client({ connectionString: dbUrl });
        await admin.connect();
      },
      async fresh() {
        // A schema per store; the number is taken before the await so concurrent calls never share one.
        const k = ++n;
        await admin?.query(`CREATE SCHEMA p${k}`);
        const u = new URL(dbUrl);
        u.searchParams.set('options', `-c search_path=p${k}`);
        return { kind: 'postgres', url: u.toString() };
      },
      async teardown() {
        await admin?.end();
      },
    },
  ];
}

/** Opens the store at `loc` (as the CLI does: migrated), runs `fn`, and closes it whatever happens. */
export async function withStore<T>(loc: StoreLocation, fn: (s: Store) => Promise<T>, options: SqlStoreOptions = {}): Promise<T> {
  const store = await openStore(loc, options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

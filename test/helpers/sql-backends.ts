/**
 * The SQL backends the Store contract suites run against: SQLite files in a temporary folder, and
 * one schema per test in a database of the throwaway PostgreSQL server (test/global-setup.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import type { AppError } from '../../src/errors.js';
import type { SqlDriver } from '../../src/adapters/store/driver.js';
import { PostgresDriver } from '../../src/adapters/store/postgres/pg-driver.js';
import { SqlStore, type SqlStoreOptions } from '../../src/adapters/store/sql-store.js';
import { SqliteDriver } from '../../src/adapters/store/sqlite/sqlite-driver.js';

export interface Backend {
  name: string;
  setup(): Promise<void>;
  /** A driver on a fresh, empty database. */
  driver(): Promise<SqlDriver>;
  /** Another connection to the database of the last driver() (as a second process would open). */
  again(): Promise<SqlDriver>;
  teardown(): Promise<void>;
}

export function sqlite(): Backend {
  let dir = '';
  let n = 0;
  return {
    name: 'sqlite',
    setup: () => {
      dir = mkdtempSync(join(tmpdir(), 'hashfloor-contract-'));
      return Promise.resolve();
    },
    driver: () => Promise.resolve(new SqliteDriver(join(dir, `t${++n}.sqlite`))),
    again: () => Promise.resolve(new SqliteDriver(join(dir, `t${n}.sqlite`))),
    teardown: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/** `prefix` names the suite's database, so suites in parallel forks never share one. */
export function postgres(prefix = 'contract'): Backend {
  let admin: pg.Client | undefined;
  let dbUrl: URL | undefined;
  let n = 0;
  return {
    name: 'postgres',
    async setup() {
      const provided = inject('pg');
      if ('error' in provided) throw new Error(`PostgreSQL store suite cannot run: ${provided.error}`);
      if (!('url' in provided)) throw new Error('unreachable: skipped PostgreSQL suite was set up');
      // One database per test file, one schema per test (much faster than CREATE DATABASE each time).
      const server = new pg.Client({ connectionString: provided.url });
      await server.connect();
      const db = `${prefix}_${process.pid}`;
      await server.query(`CREATE DATABASE ${db}`);
      await server.end();
      dbUrl = new URL(provided.url);
      dbUrl.pathname = `/${db}`;
      admin = new pg.Client({ connectionString: dbUrl.toString() });
      await admin.connect();
    },
    async driver() {
      // A schema name is an identifier, not a value: it cannot be bound, so it is generated here.
      await admin?.query(`CREATE SCHEMA t${++n}`);
      return this.again();
    },
    again() {
      const url = new URL(String(dbUrl));
      url.searchParams.set('options', `-c search_path=t${n}`);
      return Promise.resolve(new PostgresDriver(url.toString()));
    },
    async teardown() {
      await admin?.end();
    },
  };
}

export const pgSkipped = (() => {
  const provided = inject('pg');
  return 'skipped' in provided;
})();

export async function rejectsWith(p: Promise<unknown>, code: AppError['code']): Promise<AppError> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as AppError | undefined;
  expect(err?.code, `expected a ${code} error, got ${String(err)}`).toBe(code);
  return err as AppError;
}

export interface ContractStores {
  /** A migrated store on a fresh database. */
  fresh: (options?: SqlStoreOptions) => Promise<SqlStore>;
  /** Closes `store` after the test too. */
  track: (store: SqlStore) => SqlStore;
}

/** Hooks of a contract suite on `backend`: set up and torn down around it; stores closed after each test. */
export function contractStores(backend: Backend): ContractStores {
  const open: SqlStore[] = [];
  beforeAll(() => backend.setup());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(() => backend.teardown());
  const track = (store: SqlStore): SqlStore => {
    open.push(store);
    return store;
  };
  return {
    track,
    fresh: async (options = {}) => {
      const store = track(new SqlStore(await backend.driver(), options));
      await store.migrate();
      return store;
    },
  };
}
